// The photo's entries in the append-only history: when, who, what. One line per change set.
import { useEffect, useState } from 'react';
import type { HistoryEntry } from '../../../../shared/api';
import type { Host } from '../../host';

interface Props {
  host: Host;
  photoId: number;
  /** Bumped when the photo's annotations change, so the list follows edits, undo and redo. */
  version: number;
}

export function HistoryList({ host, photoId, version }: Props) {
  const [state, setState] = useState<{ photoId: number; entries: HistoryEntry[] | null; error: string | null }>({ photoId, entries: null, error: null });
  useEffect(() => {
    let live = true;
    host.api
      .getHistory({ photoId, limit: 500 })
      .then((entries) => live && setState({ photoId, entries, error: null }))
      .catch((e: Error) => live && setState({ photoId, entries: null, error: e.message }));
    return () => {
      live = false;
    };
  }, [host, photoId, version]);

  if (state.photoId !== photoId) return null;
  if (state.error) return <p className="error">{`Could not read the history: ${state.error}`}</p>;
  if (!state.entries) return null;
  const entries = state.entries;
  const sets = entries.filter((e, i) => entries.findIndex((x) => x.changeSet === e.changeSet) === i);
  if (sets.length === 0) return <p className="muted">No changes recorded for this photo yet.</p>;
  return (
    <ol className="history-list" aria-label="History">
      {sets.map((e) => (
        <li key={e.changeSet}>
          <span className="when">
            <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time>
            {` · ${e.actor}`}
          </span>
          <span>{e.description}</span>
          {entries
            .filter((x) => x.changeSet === e.changeSet)
            .flatMap((x) => (x.lines && x.lines.length ? x.lines : [fieldChange(x)]))
            .filter(Boolean)
            .map((text, i) => (
              <span key={i} className="history-detail">
                {text}
              </span>
            ))}
        </li>
      ))}
    </ol>
  );
}

/** "title: (empty) → Chinook at Daychopan" for a metadata change; the description says the rest. */
function fieldChange(e: HistoryEntry): string | null {
  const v = (x: unknown) => (x && typeof x === 'object' && 'field' in x && 'value' in x ? (x as { field: string; value: string | null }) : null);
  const before = v(e.oldValue);
  const after = v(e.newValue);
  if (!before || !after) return null;
  return `${after.field}: ${before.value ?? '(empty)'} → ${after.value ?? '(empty)'}`;
}
