// Type to find a term (tags, object classes and damage types can all tag a photo); Enter or a click
// chooses it. Where allowed, a label no term has yet becomes a new tag, created when the batch applies.
import { useId, useMemo, useState } from 'react';
import type { Term } from '../../../../shared/api';
import { KIND_NAMES, isActive, termPath } from '../vocabulary/terms';

export interface TagChoice {
  /** null: a new tag, created on apply. */
  id: number | null;
  label: string;
}

interface Props {
  label: string;
  terms: Term[];
  byId: ReadonlyMap<number, Term>;
  /** Already chosen (here or in the other list): not offered again. */
  exclude: ReadonlySet<number>;
  /** Terms on the selected photos and how many carry each: offered first, with the count. */
  counts?: ReadonlyMap<number, number>;
  allowCreate: boolean;
  onChoose(choice: TagChoice): void;
}

const MAX_OPTIONS = 12;

export function TagChooser({ label, terms, byId, exclude, counts, allowCreate, onChoose }: Props) {
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();

  const options = useMemo(() => {
    const q = query.trim().toLowerCase();
    const matches = terms
      .filter((t) => isActive(t) && !exclude.has(t.id))
      .map((t) => ({ term: t, path: termPath(t, byId), count: counts?.get(t.id) ?? 0 }))
      .filter((o) => (q ? o.path.toLowerCase().includes(q) : o.count > 0))
      .sort((a, b) => {
        const starts = Number(b.term.label.toLowerCase().startsWith(q)) - Number(a.term.label.toLowerCase().startsWith(q));
        return starts || b.count - a.count;
      })
      .slice(0, MAX_OPTIONS);
    const exact = terms.some((t) => isActive(t) && t.label.toLowerCase() === q);
    const create = allowCreate && q !== '' && !exact ? query.trim() : null;
    return { matches, create };
  }, [query, terms, byId, exclude, counts, allowCreate]);

  const total = options.matches.length + (options.create ? 1 : 0);
  const choose = (index: number) => {
    const m = options.matches[index];
    if (m) onChoose({ id: m.term.id, label: m.term.label });
    else if (options.create) onChoose({ id: null, label: options.create });
    else return;
    setQuery('');
    setActive(0);
  };

  return (
    <div className="tag-chooser">
      <input
        type="text"
        role="combobox"
        aria-label={label}
        aria-expanded={open && total > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        placeholder={allowCreate ? 'Type a tag, class or damage type…' : 'Type to find a term…'}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            setOpen(true);
            setActive((a) => (total ? (a + (e.key === 'ArrowDown' ? 1 : total - 1)) % total : 0));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            choose(active);
          } else if (e.key === 'Escape' && open) {
            setOpen(false);
          }
        }}
      />
      {open && total > 0 && (
        <ul className="tag-options" role="listbox" id={listId} aria-label={label}>
          {options.matches.map((o, i) => (
            <li
              key={o.term.id}
              role="option"
              aria-selected={i === active}
              // mousedown, not click: choosing must happen before the input's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault();
                choose(i);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <span className="swatch" style={{ background: o.term.colour ?? 'transparent', visibility: o.term.colour ? 'visible' : 'hidden' }} />
              <span className="option-label">{o.path}</span>
              <span className="option-kind">{o.count ? `${KIND_NAMES[o.term.kind]} · on ${o.count}` : KIND_NAMES[o.term.kind]}</span>
            </li>
          ))}
          {options.create && (
            <li
              role="option"
              aria-selected={active === options.matches.length}
              className="create"
              onMouseDown={(e) => {
                e.preventDefault();
                choose(options.matches.length);
              }}
              onMouseEnter={() => setActive(options.matches.length)}
            >
              <span className="option-label">{`Create tag “${options.create}”`}</span>
              <span className="option-kind">new tag</span>
            </li>
          )}
        </ul>
      )}
    </div>
  );
}
