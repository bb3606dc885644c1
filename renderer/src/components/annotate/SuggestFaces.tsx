// "Find faces to redact": runs face detection on this photo (offline) and adds each face as a
// suggested "redact: face" region; the user accepts or rejects them one by one in the region form.
import { useState } from 'react';
import type { Host } from '../../host';

export function SuggestFaces({ host, photoId, onFound }: { host: Host; photoId: number; onFound(firstId: number | null): void }) {
  const [state, setState] = useState<{ busy: boolean; message: string | null }>({ busy: false, message: null });
  const run = async () => {
    setState({ busy: true, message: 'Looking for faces…' });
    try {
      const r = await host.api.suggestRedactions({ photoId });
      const n = r.suggested.length;
      setState({
        busy: false,
        message:
          r.found === 0
            ? 'No faces found. Mark any by drawing a region and choosing “Redact”.'
            : `${n} face${n === 1 ? '' : 's'} suggested for redaction${r.found > n ? ` (${r.found - n} already covered)` : ''}: accept or reject each one.`,
      });
      onFound(r.suggested[0]?.id ?? null);
    } catch (e) {
      setState({ busy: false, message: (e as Error).message });
    }
  };
  return (
    <div className="suggest-faces">
      <button type="button" disabled={state.busy} onClick={() => void run()}>
        Find faces to redact
      </button>
      {state.message && (
        <span className="muted" role="status">
          {' '}
          {state.message}
        </span>
      )}
    </div>
  );
}
