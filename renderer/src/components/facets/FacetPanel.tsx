// The sidebar's filters: every facet of the current query with live counts, the capture-date range
// and the flags. Values chosen within one facet are alternatives; facets narrow each other (the
// rule is the core's, see PhotoQuery in shared/api.ts).
import { useMemo, useState } from 'react';
import type { Facets, PhotoQuery, Term } from '../../../../shared/api';
import { nestTermItems } from './termTree';
import { FACET_SOURCE, FLAG_LABELS, filterCount, hasValue, toggleValue, type ListFacet } from '../search/query';
import { FacetGroup, type FacetItem } from './FacetGroup';

interface Props {
  query: PhotoQuery;
  facets: Facets | null;
  error: string | null;
  onQuery(q: PhotoQuery): void;
  onClear(): void;
  /** The vocabulary, to list object classes and damage types as a tree. */
  terms?: Term[];
}

const GROUPS: Array<{ facet: ListFacet; title: string }> = [
  { facet: 'classIds', title: 'Object class' },
  { facet: 'damageIds', title: 'Damage type' },
  { facet: 'severities', title: 'Severity' },
  { facet: 'confidences', title: 'Confidence' },
  { facet: 'tagIds', title: 'Tag' },
  { facet: 'cameras', title: 'Camera' },
  { facet: 'places', title: 'Place' },
  { facet: 'statuses', title: 'Review status' },
  { facet: 'flags', title: 'Flags' },
];

const OPEN_KEY = 'damage-archive.facetsOpen';

function savedOpen(): Record<string, boolean> {
  try {
    const v = JSON.parse(localStorage.getItem(OPEN_KEY) ?? '{}') as unknown;
    return v && typeof v === 'object' ? (v as Record<string, boolean>) : {};
  } catch {
    return {};
  }
}

/** The facet's values with their counts; a chosen value the counts no longer list still shows (at 0). */
function itemsOf(facets: Facets | null, query: PhotoQuery, facet: ListFacet): FacetItem[] {
  const listed: FacetItem[] = facets ? facets[FACET_SOURCE[facet]] : [];
  const items = facet === 'flags' ? listed.map((i) => ({ ...i, label: FLAG_LABELS[i.value as keyof typeof FLAG_LABELS] ?? i.label })) : [...listed];
  for (const v of query[facet] as ReadonlyArray<string | number>) {
    const value = String(v);
    if (!items.some((i) => i.value === value)) items.push({ value, label: facet === 'flags' ? (FLAG_LABELS[value as keyof typeof FLAG_LABELS] ?? value) : value, count: 0 });
  }
  return items;
}

export function FacetPanel({ query, facets, error, onQuery, onClear, terms }: Props) {
  const byId = useMemo(() => new Map((terms ?? []).map((t) => [t.id, t])), [terms]);
  const nested = (facet: ListFacet, items: FacetItem[]) => (facet === 'classIds' || facet === 'damageIds' ? nestTermItems(items, byId) : items);
  const [open, setOpenState] = useState<Record<string, boolean>>(savedOpen);
  const setOpen = (key: string, value: boolean) => {
    const next = { ...open, [key]: value };
    localStorage.setItem(OPEN_KEY, JSON.stringify(next));
    setOpenState(next);
  };
  const isOpen = (key: string) => open[key] ?? true;
  const active = filterCount(query) - (query.collectionId !== null ? 1 : 0) - (query.bbox ? 1 : 0);
  const taken = facets?.taken ?? { min: null, max: null };

  return (
    <section className="facet-panel" aria-label="Filters">
      <div className="sidebar-head">
        <h2>Filters</h2>
        <button type="button" className="link small" disabled={filterCount(query) === 0 && query.text === ''} onClick={onClear}>
          Clear filters{active > 0 ? ` (${active})` : ''}
        </button>
      </div>
      {error && (
        <p className="error small" role="alert">
          Counts could not be read: {error}
        </p>
      )}
      {GROUPS.map((g) => (
        <FacetGroup
          key={g.facet}
          title={g.title}
          items={nested(g.facet, itemsOf(facets, query, g.facet))}
          isChosen={(v) => hasValue(query, g.facet, v)}
          onToggle={(v) => onQuery(toggleValue(query, g.facet, v))}
          open={isOpen(g.facet)}
          onOpen={(o) => setOpen(g.facet, o)}
        />
      ))}
      <section className="facet-group" aria-label="Date taken">
        <h3>
          <button type="button" className="facet-head" aria-expanded={isOpen('taken')} onClick={() => setOpen('taken', !isOpen('taken'))}>
            <span className="facet-caret" aria-hidden="true">
              {isOpen('taken') ? '▾' : '▸'}
            </span>
            Date taken
            {(query.takenFrom || query.takenTo) && <span className="facet-chosen">1</span>}
          </button>
        </h3>
        {isOpen('taken') && (
          <div className="facet-dates">
            <label>
              <span>From</span>
              <input
                type="date"
                aria-label="Taken from"
                value={query.takenFrom ?? ''}
                min={taken.min ?? undefined}
                max={query.takenTo ?? taken.max ?? undefined}
                onChange={(e) => onQuery({ ...query, takenFrom: e.target.value || null })}
              />
            </label>
            <label>
              <span>To</span>
              <input
                type="date"
                aria-label="Taken to"
                value={query.takenTo ?? ''}
                min={query.takenFrom ?? taken.min ?? undefined}
                max={taken.max ?? undefined}
                onChange={(e) => onQuery({ ...query, takenTo: e.target.value || null })}
              />
            </label>
            {taken.min && taken.max && (
              <span className="muted small">
                {taken.min} – {taken.max}
              </span>
            )}
          </div>
        )}
      </section>
    </section>
  );
}
