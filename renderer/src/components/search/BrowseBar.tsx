// The bar above the grid or map: sidebar toggle, grid/map switch, how many photos the query finds,
// every active filter as a removable chip, and the sort order.
import type { ReactNode } from 'react';
import type { Collection, Facets, PhotoQuery, Term } from '../../../../shared/api';
import { FACET_SOURCE, FLAG_LABELS, clearAll, filterCount, formatBbox, isFiltered, toggleValue, type ListFacet } from './query';

export type BrowseMode = 'grid' | 'map';

interface Props {
  query: PhotoQuery;
  onQuery(q: PhotoQuery): void;
  shown: number | null;
  total: number;
  facets: Facets | null;
  terms: Term[];
  collections: Collection[];
  mode: BrowseMode;
  onMode(m: BrowseMode): void;
  sidebar: boolean;
  onSidebar(open: boolean): void;
  /** Shown before the sort menu (the selection count). */
  children?: ReactNode;
}

const SORTS: Array<{ value: PhotoQuery['sort']; label: string }> = [
  { value: 'taken', label: 'Capture time' },
  { value: 'imported', label: 'Import time' },
  { value: 'name', label: 'File name' },
  { value: 'severity', label: 'Severity (worst first)' },
];

const FACET_NAMES: Record<ListFacet, string> = {
  classIds: 'Class',
  damageIds: 'Damage',
  tagIds: 'Tag',
  severities: 'Severity',
  confidences: 'Confidence',
  cameras: 'Camera',
  places: 'Place',
  flags: 'Flag',
  statuses: 'Status',
};

interface Chip {
  key: string;
  label: string;
  remove(): PhotoQuery;
}

function chipsOf(q: PhotoQuery, facets: Facets | null, terms: Term[], collections: Collection[]): Chip[] {
  const chips: Chip[] = [];
  const label = (facet: ListFacet, value: string): string => {
    if (facet === 'flags') return FLAG_LABELS[value as keyof typeof FLAG_LABELS] ?? value;
    const listed = facets?.[FACET_SOURCE[facet]].find((i) => i.value === value);
    if (listed) return listed.label;
    if (facet === 'classIds' || facet === 'damageIds' || facet === 'tagIds') return terms.find((t) => String(t.id) === value)?.label ?? value;
    return value;
  };
  if (q.collectionId !== null) {
    const c = collections.find((x) => x.id === q.collectionId);
    chips.push({ key: 'collection', label: `Album: ${c?.name ?? q.collectionId}`, remove: () => ({ ...q, collectionId: null }) });
  }
  for (const facet of Object.keys(FACET_SOURCE) as ListFacet[]) {
    for (const v of q[facet] as ReadonlyArray<string | number>) {
      const value = String(v);
      chips.push({ key: `${facet}:${value}`, label: `${FACET_NAMES[facet]}: ${label(facet, value)}`, remove: () => toggleValue(q, facet, value) });
    }
  }
  if (q.takenFrom || q.takenTo) chips.push({ key: 'taken', label: `Taken: ${q.takenFrom ?? '…'} – ${q.takenTo ?? '…'}`, remove: () => ({ ...q, takenFrom: null, takenTo: null }) });
  if (q.bbox) chips.push({ key: 'bbox', label: `Map box: ${formatBbox(q.bbox)}`, remove: () => ({ ...q, bbox: null }) });
  return chips;
}

export function BrowseBar({ query, onQuery, shown, total, facets, terms, collections, mode, onMode, sidebar, onSidebar, children }: Props) {
  const chips = chipsOf(query, facets, terms, collections);
  const filtered = isFiltered(query);
  return (
    <div className="browse-bar">
      <button type="button" aria-pressed={sidebar} aria-controls="sidebar" onClick={() => onSidebar(!sidebar)} title="Show or hide filters and collections">
        Filters{filterCount(query) > 0 ? ` (${filterCount(query)})` : ''}
      </button>
      <span className="segmented" role="group" aria-label="View">
        <button type="button" aria-pressed={mode === 'grid'} onClick={() => onMode('grid')}>
          Grid
        </button>
        <button type="button" aria-pressed={mode === 'map'} onClick={() => onMode('map')}>
          Map
        </button>
      </span>
      <span className="result-count" role="status" aria-live="polite" data-testid="result-count">
        {shown === null ? 'Searching…' : filtered ? `${shown.toLocaleString()} of ${total.toLocaleString()} photos` : `${shown.toLocaleString()} photo${shown === 1 ? '' : 's'}`}
        {query.text.trim() && <span className="muted"> matching “{query.text.trim()}”</span>}
      </span>
      {chips.length > 0 && (
        <ul className="filter-chips" aria-label="Active filters">
          {chips.map((c) => (
            <li key={c.key} className="chip">
              <span title={c.label}>{c.label}</span>
              <button type="button" aria-label={`Remove filter ${c.label}`} onClick={() => onQuery(c.remove())}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {filtered && (
        <button type="button" className="link" onClick={() => onQuery(clearAll(query))}>
          Clear all
        </button>
      )}
      <span className="spacer" />
      {children}
      <label className="sort-menu">
        <span>Sort</span>
        <select aria-label="Sort by" value={query.sort} onChange={(e) => onQuery({ ...query, sort: e.target.value as PhotoQuery['sort'] })}>
          {SORTS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
