// The import's progress at the bottom of the window; it stays after the end to say what happened.
// A bag import (p.bag set) first checks the bag's files, then imports its photos, then restores its annotations.
import type { ImportProgress } from '../../../shared/api';
import { displayDuration } from '../format';

interface Props {
  progress: ImportProgress;
  onCancel(): void;
  onDismiss(): void;
  onShowProblems(): void;
  /** Shows a bag's report: why it was refused, or where it disagreed with this archive. */
  onShowBagProblems(): void;
}

function runningText(p: ImportProgress, done: number, total: number, pct: number): string {
  const bag = p.bag ? (p.bag.path.split(/[\\/]/).filter(Boolean).pop() ?? p.bag.path) : null;
  if (bag !== null && p.bag!.stage === 'validating') return total > 0 ? `Checking bag ${bag}: ${done} of ${total} files (${pct}%)` : `Checking bag ${bag}…`;
  if (bag !== null && p.bag!.stage === 'restoring') return `Restoring annotations, history and collections from bag ${bag}…`;
  if (p.state === 'scanning') return 'Looking for photos…';
  if (p.state === 'previews') return `Making previews ${done} of ${total} (${pct}%)`;
  return bag !== null ? `Importing photos from bag ${bag}: ${done} of ${total} (${pct}%)` : `Importing ${done} of ${total} (${pct}%)`;
}

export function ImportBar({ progress: p, onCancel, onDismiss, onShowProblems, onShowBagProblems }: Props) {
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
            {runningText(p, done, total, pct)}
            {p.etaSeconds !== null && p.state !== 'scanning' && ` · about ${displayDuration(p.etaSeconds)} left`}
            {p.failed > 0 && ` · ${p.failed} failed`}
            {p.duplicates > 0 && ` · ${p.duplicates} duplicate${p.duplicates === 1 ? '' : 's'}`}
          </span>
          {/* The box is right-to-left so a long path loses its start, not its file name; the path
              itself is isolated left-to-right, so its slashes stay where they belong. */}
          <span className="import-file" title={p.currentFile ?? ''}>
            <bdi dir="ltr">{p.currentFile}</bdi>
          </span>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </>
      ) : (
        <>
          <span className="import-text">{p.message}</span>
          <span className="spacer" />
          {p.bag && p.bag.problems.length > 0 && (
            <button type="button" className="link" onClick={onShowBagProblems}>
              Show the bag's problems
            </button>
          )}
          {p.bag && p.bag.problems.length === 0 && !!p.bag.conflicts?.length && (
            <button type="button" className="link" onClick={onShowBagProblems}>
              Show {p.bag.conflicts.length} conflict{p.bag.conflicts.length === 1 ? '' : 's'}
            </button>
          )}
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
