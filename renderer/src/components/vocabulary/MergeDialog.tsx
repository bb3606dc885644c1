// Confirms merging one term into another of the same kind, saying what moves before it happens:
// the merge is recorded in the history but cannot be undone.
import { useMemo, useState } from 'react';
import type { Term } from '../../../../shared/api';
import { Modal } from '../shell/Modal';
import { KIND_NAMES, byIdMap, descendantIds, termPath, termTree } from './terms';

interface Props {
  from: Term;
  terms: Term[];
  onCancel(): void;
  onMerge(intoId: number): Promise<void>;
}

export function MergeDialog({ from, terms, onCancel, onMerge }: Props) {
  const byId = useMemo(() => byIdMap(terms), [terms]);
  const targets = useMemo(() => {
    const below = descendantIds(terms, from.id);
    return termTree(terms, from.kind)
      .map((e) => e.term)
      .filter((t) => t.id !== from.id && t.mergedInto === null && !below.has(t.id));
  }, [terms, from]);
  const [intoId, setIntoId] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const into = intoId !== null ? byId.get(intoId) : undefined;
  const subtypes = terms.filter((t) => t.parentId === from.id && t.mergedInto === null).length;
  const kind = KIND_NAMES[from.kind];

  return (
    <Modal title={`Merge ${from.label}`} onClose={onCancel} className="merge-dialog">
      <h2>{`Merge “${from.label}” into another ${kind}`}</h2>
      <label className="field">
        <span>Merge into</span>
        <select value={intoId ?? ''} onChange={(e) => setIntoId(e.target.value ? Number(e.target.value) : null)} aria-label="Merge into">
          <option value="">Choose a {kind}…</option>
          {targets.map((t) => (
            <option key={t.id} value={t.id}>
              {termPath(t, byId)}
              {t.hidden ? ' (hidden)' : ''}
            </option>
          ))}
        </select>
      </label>
      {into && (
        <div className="merge-explain">
          <p>{`Every photo tagged “${from.label}”${from.kind === 'tag' ? '' : `, and every region marked “${from.label}”,`} will carry “${into.label}” instead.`}</p>
          {subtypes > 0 && <p>{`Its ${subtypes} subtype${subtypes === 1 ? '' : 's'} move${subtypes === 1 ? 's' : ''} under “${into.label}”.`}</p>}
          <p>{`“${from.label}” stays in the vocabulary, greyed, so the history still names it. A merge cannot be undone.`}</p>
        </div>
      )}
      <div className="row end">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          disabled={!into || busy}
          onClick={() => {
            if (!into) return;
            setBusy(true);
            void onMerge(into.id).finally(() => setBusy(false));
          }}
        >
          {into ? `Merge into “${into.label}”` : 'Merge'}
        </button>
      </div>
    </Modal>
  );
}
