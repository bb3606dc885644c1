// Confirms merging one term into another, saying what moves before it happens: the merge is
// recorded in the history but cannot be undone. Terms merge within their kind; a free tag may also
// go into an object class or a damage type (a stray "fire" tag becomes "Fire / burn"), since a
// photo tag can be a term of any kind (the core refuses the rest).
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
    const kinds = from.kind === 'tag' ? (['tag', 'class', 'damage'] as const) : [from.kind];
    return kinds.map((k) => ({
      kind: k,
      terms: termTree(terms, k)
        .map((e) => e.term)
        .filter((t) => t.id !== from.id && t.mergedInto === null && !below.has(t.id)),
    }));
  }, [terms, from]);
  const [intoId, setIntoId] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const into = intoId !== null ? byId.get(intoId) : undefined;
  const subtypes = terms.filter((t) => t.parentId === from.id && t.mergedInto === null).length;
  const kind = KIND_NAMES[from.kind];

  return (
    <Modal title={`Merge ${from.label}`} onClose={onCancel} className="merge-dialog">
      <h2>{from.kind === 'tag' ? `Merge “${from.label}” into another term` : `Merge “${from.label}” into another ${kind}`}</h2>
      <label className="field">
        <span>Merge into</span>
        <select value={intoId ?? ''} onChange={(e) => setIntoId(e.target.value ? Number(e.target.value) : null)} aria-label="Merge into">
          <option value="">{from.kind === 'tag' ? 'Choose a term…' : `Choose a ${kind}…`}</option>
          {targets.map((g) => (
            <optgroup key={g.kind} label={`${KIND_NAMES[g.kind]}s`}>
              {g.terms.map((t) => (
                <option key={t.id} value={t.id}>
                  {termPath(t, byId)}
                  {t.hidden ? ' (hidden)' : ''}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      {into && (
        <div className="merge-explain">
          <p>{`Every photo tagged “${from.label}”${from.kind === 'tag' ? '' : `, and every region marked “${from.label}”,`} will carry “${into.label}” instead.`}</p>
          {subtypes > 0 && <p>{`Its ${subtypes} subtype${subtypes === 1 ? '' : 's'} move${subtypes === 1 ? 's' : ''} under “${into.label}”.`}</p>}
          {into.kind !== from.kind && <p>{`“${into.label}” is ${KIND_NAMES[into.kind] === 'object class' ? 'an' : 'a'} ${KIND_NAMES[into.kind]}: the photos will carry it as a photo tag.`}</p>}
          <p>{`“${from.label}” stays in the vocabulary, greyed, so the history still names it. A merge cannot be undone, and it clears Undo.`}</p>
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
