// One term in the vocabulary screen: rename inline, recolour, set its shortcut key, hide or
// unhide, merge into another. Merged terms stay listed, greyed, with no controls.
import { useEffect, useRef, useState } from 'react';
import type { Term } from '../../../../shared/api';
import { RESERVED_KEYS, shortcutProblem } from './terms';

export type TermPatch = { label?: string; colour?: string | null; shortcut?: string | null; hidden?: boolean };

interface Props {
  term: Term;
  depth: number;
  terms: Term[];
  byId: ReadonlyMap<number, Term>;
  onUpdate(patch: TermPatch): Promise<boolean>;
  onMerge(): void;
}

const SHORTCUT = /^[a-z5-9]$/;
const NO_COLOUR = '#808080';

function LabelCell({ term, onRename }: { term: Term; onRename(label: string): void }) {
  const [editing, setEditing] = useState(false);
  // Enter both saves and removes the input, which may then also report a blur: save once.
  const finished = useRef(false);
  if (!editing || term.mergedInto !== null) {
    return (
      <button
        type="button"
        className="term-label"
        disabled={term.mergedInto !== null}
        title={term.mergedInto === null ? 'Rename' : undefined}
        aria-label={`Rename ${term.label}`}
        onClick={() => {
          finished.current = false;
          setEditing(true);
        }}
      >
        {term.label}
      </button>
    );
  }
  const finish = (input: HTMLInputElement, save: boolean) => {
    if (finished.current) return;
    finished.current = true;
    setEditing(false);
    const label = input.value.trim();
    if (save && label && label !== term.label) onRename(label);
  };
  return (
    <input
      className="term-rename"
      data-keeps-escape
      aria-label={`New name for ${term.label}`}
      defaultValue={term.label}
      maxLength={200}
      autoFocus
      onFocus={(e) => e.target.select()}
      onBlur={(e) => finish(e.target, true)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') finish(e.currentTarget, true);
        else if (e.key === 'Escape') finish(e.currentTarget, false);
      }}
    />
  );
}

function ColourCell({ term, onColour }: { term: Term; onColour(c: string): void }) {
  const [draft, setDraft] = useState<string | null>(null);
  // The colour picker reports every intermediate colour while dragging: save only once it settles.
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <input
      type="color"
      className={term.colour ? 'term-colour' : 'term-colour unset'}
      aria-label={`Colour of ${term.label}`}
      title={term.colour ?? (term.parentId !== null ? 'No colour of its own: drawn in its parent’s colour' : 'No colour')}
      disabled={term.mergedInto !== null}
      value={draft ?? term.colour ?? NO_COLOUR}
      onChange={(e) => {
        const c = e.target.value;
        setDraft(c);
        clearTimeout(timer.current);
        timer.current = setTimeout(() => {
          setDraft(null);
          if (c.toLowerCase() !== term.colour?.toLowerCase()) onColour(c);
        }, 400);
      }}
    />
  );
}

function ShortcutCell({ term, terms, onShortcut }: { term: Term; terms: Term[]; onShortcut(key: string | null): void }) {
  const [problem, setProblem] = useState<string | null>(null);
  // A key already set that clashes (e.g. from an imported vocabulary) is pointed out too.
  const standing = term.shortcut && RESERVED_KEYS[term.shortcut] ? shortcutProblem(term.shortcut, term.id, terms) : null;
  const message = problem ?? standing;
  return (
    <div className="term-shortcut">
      <input
        type="text"
        aria-label={`Shortcut key for ${term.label}`}
        className={message ? 'conflict' : undefined}
        value={term.shortcut ?? ''}
        disabled={term.mergedInto !== null}
        maxLength={2}
        size={2}
        placeholder="–"
        onChange={(e) => {
          const key = e.target.value.slice(-1).toLowerCase();
          if (key === '') {
            setProblem(null);
            onShortcut(null);
          } else if (!SHORTCUT.test(key)) {
            setProblem('Use a letter a–z or a digit 5–9 (0–4 set the severity).');
          } else {
            const p = shortcutProblem(key, term.id, terms);
            setProblem(p);
            if (!p) onShortcut(key);
          }
        }}
      />
      {message && (
        <span className="conflict-note" role="note">
          {message}
        </span>
      )}
    </div>
  );
}

export function TermRow({ term, depth, terms, byId, onUpdate, onMerge }: Props) {
  const merged = term.mergedInto !== null ? byId.get(term.mergedInto) : undefined;
  const state = term.mergedInto !== null ? 'merged' : term.hidden ? 'hidden' : 'active';
  return (
    <tr className={`term-row ${state}`} data-term-id={term.id}>
      <td>
        <ColourCell key={term.colour ?? ''} term={term} onColour={(colour) => void onUpdate({ colour })} />
      </td>
      <td style={{ paddingLeft: 8 + depth * 22 }}>
        <div className="term-name">
          {depth > 0 && <span className="subtype-mark" aria-hidden="true">└</span>}
          <LabelCell term={term} onRename={(label) => void onUpdate({ label })} />
          {state === 'merged' && <span className="term-state">{`merged into “${merged?.label ?? '?'}”`}</span>}
          {state === 'hidden' && <span className="term-state">hidden</span>}
        </div>
      </td>
      <td>
        <ShortcutCell term={term} terms={terms} onShortcut={(shortcut) => void onUpdate({ shortcut })} />
      </td>
      <td className="term-actions">
        {state !== 'merged' && (
          <>
            <button type="button" onClick={() => void onUpdate({ hidden: !term.hidden })} title={term.hidden ? 'Offer it again in pickers' : 'Stop offering it in pickers; existing uses stay'}>
              {term.hidden ? 'Unhide' : 'Hide'}
            </button>
            <button type="button" onClick={onMerge} aria-label={`Merge ${term.label} into another term`}>
              Merge into…
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
