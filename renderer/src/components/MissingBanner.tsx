// Shown on a photo whose original has gone from where the archive last found it: the photo and its
// annotations stay; "Locate…" finds the file again (checked by its SHA-256).
import { useState } from 'react';
import type { RelinkReport } from '../../../shared/api';
import type { Host } from '../host';

function summarise(r: RelinkReport): string {
  const found = `${r.relinked.length} original${r.relinked.length === 1 ? '' : 's'} relinked`;
  return r.stillMissing > 0 ? `${found}; ${r.stillMissing} still missing (not found there by hash).` : `${found}; none missing now.`;
}

export function MissingBanner({ host, photoId, path }: { host: Host; photoId: number; path: string }) {
  const [typed, setTyped] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const locate = async (file: string) => {
    try {
      setMessage(summarise(await host.api.locatePhoto({ photoId, path: file })));
      setTyped(null);
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  const pick = async () => {
    if (!host.pickImportPaths) return setTyped('');
    const chosen = await host.pickImportPaths('files');
    if (chosen?.[0]) await locate(chosen[0]);
  };
  return (
    <div className="missing-banner" role="alert">
      <span>The original is missing from {path}. Its annotations are kept.</span>
      {typed === null ? (
        <button type="button" onClick={() => void pick()}>
          Locate…
        </button>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (typed.trim()) void locate(typed.trim());
          }}
        >
          <input aria-label="Path of the file" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="/media/usb/DCIM/IMG_0001.JPG" autoFocus />
          <button type="submit">Locate</button>
        </form>
      )}
      {message && <span>{message}</span>}
    </div>
  );
}
