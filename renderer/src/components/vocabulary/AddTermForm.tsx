// Adds a term: its kind, its label and, for object classes, the class it is a subtype of.
import { useState } from 'react';
import type { Term } from '../../../../shared/api';
import { KIND_NAMES, KIND_ORDER, type TermKind } from './terms';

interface Props {
  terms: Term[];
  defaultKind: TermKind;
  onAdd(input: { kind: TermKind; label: string; parentId: number | null }): Promise<boolean>;
}

export function AddTermForm({ terms, defaultKind, onAdd }: Props) {
  const [kind, setKind] = useState<TermKind | null>(null);
  const [label, setLabel] = useState('');
  const [parentId, setParentId] = useState<number | null>(null);
  const k = kind ?? defaultKind;
  const parents = terms.filter((t) => t.kind === 'class' && t.parentId === null && t.mergedInto === null);
  return (
    <form
      className="add-term"
      aria-label="Add a term"
      onSubmit={(e) => {
        e.preventDefault();
        const l = label.trim();
        if (!l) return;
        void onAdd({ kind: k, label: l, parentId: k === 'class' ? parentId : null }).then((ok) => ok && setLabel(''));
      }}
    >
      <span className="add-title">Add</span>
      <select aria-label="Kind of term" value={k} onChange={(e) => setKind(e.target.value as TermKind)}>
        {KIND_ORDER.map((kk) => (
          <option key={kk} value={kk}>
            {KIND_NAMES[kk]}
          </option>
        ))}
      </select>
      {k === 'class' && (
        <select aria-label="Subtype of" value={parentId ?? ''} onChange={(e) => setParentId(e.target.value ? Number(e.target.value) : null)}>
          <option value="">top level</option>
          {parents.map((p) => (
            <option key={p.id} value={p.id}>
              {`under ${p.label}`}
            </option>
          ))}
        </select>
      )}
      <input type="text" aria-label="Label of the new term" placeholder="Label" value={label} maxLength={200} onChange={(e) => setLabel(e.target.value)} />
      <button type="submit" disabled={!label.trim()}>
        Add {KIND_NAMES[k]}
      </button>
    </form>
  );
}
