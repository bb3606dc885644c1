// Asks the core what an export with these photos and options would leave out, again whenever they
// change (the latest answer wins), so the dialog can say it before anything is written.
import { useEffect, useState } from 'react';
import type { ExportLeftOut, ExportOptions } from '../../../../shared/api';
import type { Host } from '../../host';

export function useExportPreview(host: Host, photoIds: number[] | null, options: ExportOptions): { preview: ExportLeftOut | null; error: string | null } {
  const [state, setState] = useState<{ preview: ExportLeftOut | null; error: string | null }>({ preview: null, error: null });
  const key = JSON.stringify([photoIds, options.profile, options.share]);
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      host.api
        .previewExport({ photoIds, options })
        .then((preview) => live && setState({ preview, error: null }))
        .catch((e: Error) => live && setState({ preview: null, error: e.message }));
    }, 150);
    return () => {
      live = false;
      clearTimeout(t);
    };
    // options is rebuilt on every render; key holds what matters
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [host, key]);
  return state;
}
