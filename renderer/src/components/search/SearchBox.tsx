// The toolbar's search field: what is typed reaches the query after a short pause (so a fast typist
// does not run a search per key); Ctrl+F (Cmd+F) or "/" anywhere focuses it, Esc clears it (a
// second Esc, on an empty field, hands the keyboard back to the grid).
import { useEffect, useRef, useState } from 'react';
import { MOD_LABEL, isTextField, primaryModifier } from '../shell/keys';

const DEBOUNCE_MS = 250;

interface Props {
  value: string;
  onChange(text: string): void;
  /** True while a dialog or the viewer has the keyboard: the shortcuts are theirs then. */
  suspended: boolean;
}

export function SearchBox({ value, onChange, suspended }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState(value);
  // The last text this box sent: a value arriving from outside (Clear filters, a saved search)
  // replaces what is in the field; the echo of our own change does not.
  const [sent, setSent] = useState(value);
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    if (value !== sent) {
      setDraft(value);
      setSent(value);
    }
  }

  useEffect(() => {
    if (draft === sent) return;
    const t = setTimeout(() => {
      setSent(draft);
      onChange(draft);
    }, DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [draft, sent, onChange]);

  useEffect(() => {
    if (suspended) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey) return;
      const find = e.key.toLowerCase() === 'f' && primaryModifier(e) && !e.shiftKey;
      const slash = e.key === '/' && !e.ctrlKey && !e.metaKey && !isTextField(e.target);
      if (!find && !slash) return;
      e.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [suspended]);

  return (
    <span className="search-box" role="search">
      <input
        ref={input}
        type="search"
        aria-label="Search photos"
        placeholder={`Search (${MOD_LABEL}+F or /)`}
        value={draft}
        spellCheck={false}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            // Keep Esc from also clearing the grid's selection.
            e.stopPropagation();
            if (draft === '') input.current?.blur();
            else {
              setDraft('');
              setSent('');
              onChange('');
            }
          } else if (e.key === 'Enter') {
            // Search now rather than after the pause.
            e.preventDefault();
            setSent(draft);
            onChange(draft);
          }
        }}
      />
    </span>
  );
}
