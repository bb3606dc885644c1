// Photo-level tags: chips to remove, and a field that adds any term by its label, or a new tag
// term when no term has that label yet (place names, events: "Khorog", "protest").
import { useId, useState } from 'react';
import type { Host } from '../../host';
import { isPickable, termByLabel, termColour, type Vocabulary } from './terms';

interface Props {
  host: Host;
  tagIds: number[];
  vocab: Vocabulary;
  onChange(add: number[], remove: number[]): Promise<void>;
}

export function PhotoTags({ host, tagIds, vocab, onChange }: Props) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const listId = useId();

  const add = async () => {
    const label = text.trim();
    if (!label) return;
    setError(null);
    try {
      const term = termByLabel(vocab, label) ?? (await host.api.addTerm({ kind: 'tag', label }));
      setText('');
      if (!tagIds.includes(term.id)) await onChange([term.id], []);
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
              {t && t.kind !== 'tag' && <span className="kind">{t.kind}</span>}
              <button type="button" aria-label={`Remove tag ${label}`} title="Remove" onClick={() => void onChange([], [id])}>
                ×
              </button>
            </li>
          );
        })}
      </ul>
      <form
        className="tag-add"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <input
          aria-label="Add a tag"
          placeholder="Add a tag: any term, or a new one"
          list={listId}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && (setText(''), e.currentTarget.blur())}
        />
        <datalist id={listId}>
          {vocab.terms
            .filter((t) => isPickable(t) && !tagIds.includes(t.id))
            .map((t) => (
              <option key={t.id} value={t.label}>
                {t.kind}
              </option>
            ))}
        </datalist>
        <button type="submit" disabled={!text.trim()}>
          Add
        </button>
      </form>
      {error && <p className="error">{error}</p>}
    </div>
  );
}
