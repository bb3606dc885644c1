// One facet in the sidebar: its values with live counts, each a toggle button (keyboard: Tab to it,
// Space or Enter to toggle). Long lists show their first values and a "Show all" button.
import { useId, useState } from 'react';

export interface FacetItem {
  value: string;
  label: string;
  count: number;
  /** Indentation under a parent value (object classes: Minibus under Vehicle). */
  depth?: number;
}

interface Props {
  title: string;
  items: FacetItem[];
  isChosen(value: string): boolean;
  onToggle(value: string): void;
  /** Collapsed groups keep their header only; the parent remembers which are open. */
  open: boolean;
  onOpen(open: boolean): void;
}

const SHORT_LIST = 8;

export function FacetGroup({ title, items, isChosen, onToggle, open, onOpen }: Props) {
  const [all, setAll] = useState(false);
  const listId = useId();
  const chosen = items.filter((i) => isChosen(i.value)).length;
  // Chosen values stay visible even when they fall past the short list.
  const shown = all ? items : items.filter((i, n) => n < SHORT_LIST || isChosen(i.value));
  return (
    <section className="facet-group" aria-label={title}>
      <h3>
        <button type="button" className="facet-head" aria-expanded={open} aria-controls={listId} onClick={() => onOpen(!open)}>
          <span className="facet-caret" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          {title}
          {chosen > 0 && <span className="facet-chosen">{chosen}</span>}
        </button>
      </h3>
      {open && (
        <ul id={listId} className="facet-values">
          {items.length === 0 && <li className="muted small">none</li>}
          {shown.map((i) => {
            const on = isChosen(i.value);
            return (
              <li key={i.value}>
                <button
                  type="button"
                  className="facet-value"
                  aria-pressed={on}
                  data-facet-value={i.value}
                  disabled={!on && i.count === 0}
                  title={i.label}
                  style={i.depth ? { paddingLeft: `${8 + i.depth * 14}px` } : undefined}
                  onClick={() => onToggle(i.value)}
                >
                  <span className="facet-label">{i.label}</span>
                  <span className="facet-count">{i.count.toLocaleString()}</span>
                </button>
              </li>
            );
          })}
          {items.length > SHORT_LIST && (
            <li>
              <button type="button" className="link small" onClick={() => setAll(!all)}>
                {all ? 'Show fewer' : `Show all ${items.length.toLocaleString()}`}
              </button>
            </li>
          )}
        </ul>
      )}
    </section>
  );
}
