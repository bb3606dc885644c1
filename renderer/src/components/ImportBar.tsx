// The import's progress at the bottom of the window; it stays after the end to say what happened.
import type { ImportProgress } from '../../../shared/api';
import { displayDuration } from '../format';

interface Props {
  progress: ImportProgress;
  onCancel(): void;
  onDismiss(): void;
  onShowProblems(): void;
}

export function ImportBar({ progress: p, onCancel, onDismiss, onShowProblems }: Props) {
  const running = p.state === 'scanning' || p.state === 'importing' || p.state === 'previews';
  const previews = p.state === 'previews';
  const [done, total] = previews ? [p.previewsDone, p.previewsTotal] : [p.done, p.total];
  const pct = total > 0 ? Math.round((done / total) * 100) : 0;
  return (
    <footer className="import-bar" role="status" aria-live="polite">
      {running ? (
        <>
          <progress max={Math.max(1, total)} value={done} aria-label="Import progress" />
          <span className="import-text">
            {p.state === 'scanning'
              ? 'Looking for photos…'
              : previews
                ? `Making previews ${done} of ${total} (${pct}%)`
                : `Importing ${done} of ${total} (${pct}%)`}
            {p.etaSeconds !== null && p.state !== 'scanning' && ` · about ${displayDuration(p.etaSeconds)} left`}
            {p.failed > 0 && ` · ${p.failed} failed`}
            {p.duplicates > 0 && ` · ${p.duplicates} duplicate${p.duplicates === 1 ? '' : 's'}`}
          </span>
          <span className="import-file" title={p.currentFile ?? ''}>
            {p.currentFile}
          </span>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </>
      ) : (
        <>
          <span className="import-text">{p.message}</span>
          <span className="spacer" />
          {(p.failed > 0 || p.duplicates > 0) && (
            <button type="button" className="link" onClick={onShowProblems}>
              Show problems
            </button>
          )}
          <button type="button" onClick={onDismiss} aria-label="Dismiss">
            ×
          </button>
        </>
      )}
    </footer>
  );
}
