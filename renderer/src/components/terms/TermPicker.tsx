// The one term picker (photo view tags, batch panel): type to find existing terms, listed first with
// their kind (object class, damage type, tag); ↑/↓ move, Enter or a click chooses the highlighted
// option. A new tag is made only through the "Create tag “…”" option, which Enter takes by itself
// only when no existing term matches (termMatch.defaultActive). ARIA combobox + listbox.
import { useId, useMemo, useState } from 'react';
import type { Term } from '../../../../shared/api';
import { KIND_NAMES } from '../vocabulary/terms';
import { canCreate, defaultActive, matchTerms } from './termMatch';
import './terms.css';

export interface TermChoice {
  /** null: a new tag with this label. */
  id: number | null;
  label: string;
}

interface Props {
  label: string;
  terms: Term[];
  byId: ReadonlyMap<number, Term>;
  /** Already chosen (or already on the photo): not offered again. */
  exclude: ReadonlySet<number>;
  /** Terms on the photos in hand and how many carry each: offered first, with the count. */
  counts?: ReadonlyMap<number, number>;
  allowCreate: boolean;
  placeholder?: string;
  disabled?: boolean;
  onChoose(choice: TermChoice): void;
}

export function TermPicker({ label, terms, byId, exclude, counts, allowCreate, placeholder, disabled, onChoose }: Props) {
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  // null: not moved by the user since the last keystroke (the default highlight applies).
  const [moved, setMoved] = useState<number | null>(null);
  const listId = useId();
  const optionId = (i: number) => `${listId}-opt-${i}`;

  const matches = useMemo(() => matchTerms(query, terms, byId, { exclude, counts }), [query, terms, byId, exclude, counts]);
  const create = allowCreate && canCreate(query, terms) ? query.trim() : null;
  const total = matches.length + (create ? 1 : 0);
  const active = moved ?? defaultActive(matches, create !== null);
  const shown = open && total > 0;

  const choose = (index: number) => {
    const m = matches[index];
    if (m) onChoose({ id: m.term.id, label: m.term.label });
    else if (create && index === matches.length) onChoose({ id: null, label: create });
    else return;
    setQuery('');
    setMoved(null);
  };

  return (
    <div className="term-picker">
      <input
        type="text"
        role="combobox"
        aria-label={label}
        aria-expanded={shown}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown && active >= 0 ? optionId(active) : undefined}
        placeholder={placeholder ?? (allowCreate ? 'Find a term, or create a tag' : 'Find a term')}
        title={placeholder ?? (allowCreate ? 'Find a term, or create a tag' : 'Find a term')}
        value={query}
        disabled={disabled}
        spellCheck={false}
        onChange={(e) => {
          setQuery(e.target.value);
          setMoved(null);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            setOpen(true);
            const down = e.key === 'ArrowDown';
            if (total) setMoved(active < 0 ? (down ? 0 : total - 1) : (active + (down ? 1 : total - 1)) % total);
          } else if (e.key === 'Enter') {
            e.preventDefault();
            if (active >= 0) choose(active);
          } else if (e.key === 'Escape') {
            if (open && total > 0) {
              e.preventDefault();
              e.stopPropagation();
              setOpen(false);
            } else if (query) {
              e.stopPropagation();
              setQuery('');
            } else e.currentTarget.blur();
          }
        }}
      />
      {shown && (
        <ul className="term-options" role="listbox" id={listId} aria-label="Matching terms">
          {matches.map((o, i) => (
            <li
              key={o.term.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              // mousedown, not click: choosing must happen before the input's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault();
                choose(i);
              }}
              onMouseEnter={() => setMoved(i)}
            >
              <span className="swatch" style={{ background: o.term.colour ?? 'transparent', visibility: o.term.colour ? 'visible' : 'hidden' }} />
              <span className="option-label" title={o.path}>
                {o.path}
              </span>
              <span className={`option-kind kind-${o.term.kind}`}>{o.count ? `${KIND_NAMES[o.term.kind]} · on ${o.count}` : KIND_NAMES[o.term.kind]}</span>
            </li>
          ))}
          {create && (
            <li
              id={optionId(matches.length)}
              role="option"
              aria-selected={active === matches.length}
              className="create"
              onMouseDown={(e) => {
                e.preventDefault();
                choose(matches.length);
              }}
              onMouseEnter={() => setMoved(matches.length)}
            >
              <span className="option-label">{`Create tag “${create}”`}</span>
              <span className="option-kind">new tag</span>
            </li>
          )}
        </ul>
      )}
    </div>
  );
}
