// A running export's progress, with Cancel; afterwards what happened and where the result is.
import type { ExportProgress } from '../../../../shared/api';
import { EXPORT_FORMATS } from './formats';

export function ExportBar({ progress: p, onCancel, onDismiss }: { progress: ExportProgress; onCancel(): void; onDismiss(): void }) {
  const name = EXPORT_FORMATS.find((f) => f.format === p.format)?.name ?? p.format;
  return (
    <footer className="import-bar export-bar" role="status" aria-live="polite" aria-label="Export progress">
      {p.state === 'running' ? (
        <>
          <progress max={Math.max(1, p.total)} value={p.done} aria-label="Export progress" />
          <span className="import-text">{`Exporting ${name}: ${p.done} of ${p.total}`}</span>
          <span className="import-file" title={p.currentFile ?? ''}>
            <bdi dir="ltr">{p.currentFile}</bdi>
          </span>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </>
      ) : (
        <>
          <span className={`import-text${p.state === 'failed' ? ' error' : ''}`}>{p.message}</span>
          <span className="spacer" />
          <button type="button" onClick={onDismiss} aria-label="Dismiss">
            ×
          </button>
        </>
      )}
    </footer>
  );
}
