// Photo-level tags: chips to remove, and the term picker: any existing term (a class, a damage
// type, a tag), or a new tag when the user chooses "Create tag …" (place names, events: "Khorog").
import { useMemo, useState } from 'react';
import type { Host } from '../../host';
import { TermPicker, type TermChoice } from '../terms/TermPicker';
import { KIND_NAMES } from '../vocabulary/terms';
import { termColour, type Vocabulary } from './terms';

interface Props {
  host: Host;
  tagIds: number[];
  vocab: Vocabulary;
  onChange(add: number[], remove: number[]): Promise<void>;
}

export function PhotoTags({ host, tagIds, vocab, onChange }: Props) {
  const [error, setError] = useState<string | null>(null);
  const exclude = useMemo(() => new Set(tagIds), [tagIds]);

  const add = async (choice: TermChoice) => {
    setError(null);
    try {
      // A new tag only when the user chose "Create tag …"; an existing term otherwise.
      const id = choice.id ?? (await host.api.addTerm({ kind: 'tag', label: choice.label })).id;
      if (!tagIds.includes(id)) await onChange([id], []);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div className="photo-tags">
      <ul className="tag-chips" aria-label="Photo tags">
        {tagIds.length === 0 && <li className="muted">No tags yet.</li>}
        {tagIds.map((id) => {
          const t = vocab.byId.get(id);
          const label = t?.label ?? `term ${id}`;
          return (
            <li key={id} className="tag-chip">
              {t && termColour(vocab, id) && <span className="swatch" style={{ background: termColour(vocab, id)! }} />}
              {label}
              {t && t.kind !== 'tag' && <span className="kind">{KIND_NAMES[t.kind]}</span>}
              <button type="button" aria-label={`Remove tag ${label}`} title="Remove" onClick={() => void onChange([], [id])}>
                ×
              </button>
            </li>
          );
        })}
      </ul>
      <TermPicker label="Add a tag" terms={vocab.terms} byId={vocab.byId} exclude={exclude} allowCreate placeholder="Add a term or a new tag" onChoose={(c) => void add(c)} />
      {error && <p className="error">{error}</p>}
    </div>
  );
}
