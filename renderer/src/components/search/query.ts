// The grid's query (shared/api.ts PhotoQuery) as the sidebar edits it: facet values arrive as text
// (Facets' FacetCount.value) and are turned back into the types PhotoQuery holds.
import type { Facets, PhotoFlag, PhotoQuery, Severity } from '../../../../shared/api';

export const EMPTY_QUERY: PhotoQuery = {
  text: '',
  classIds: [],
  damageIds: [],
  tagIds: [],
  severities: [],
  confidences: [],
  cameras: [],
  places: [],
  takenFrom: null,
  takenTo: null,
  flags: [],
  statuses: [],
  bbox: null,
  collectionId: null,
  sort: 'taken',
};

/** The list-valued fields of a query, each fed by one facet group. */
export type ListFacet = 'classIds' | 'damageIds' | 'tagIds' | 'severities' | 'confidences' | 'cameras' | 'places' | 'flags' | 'statuses';

/** Which Facets list feeds which query field. */
export const FACET_SOURCE: Record<ListFacet, keyof Omit<Facets, 'total' | 'taken'>> = {
  classIds: 'classes',
  damageIds: 'damage',
  tagIds: 'tags',
  severities: 'severities',
  confidences: 'confidences',
  cameras: 'cameras',
  places: 'places',
  flags: 'flags',
  statuses: 'statuses',
};

export const FLAG_LABELS: Record<PhotoFlag, string> = {
  'has-gps': 'Has GPS',
  'no-gps': 'No GPS',
  'has-regions': 'Has regions',
  unannotated: 'Not yet annotated',
  // Not "Import problems": that is the toolbar's list of them, and one name should mean one thing.
  problems: 'Failed imports',
  duplicates: 'Duplicates',
  'near-duplicates': 'Near-duplicates',
  // Withdrawn photos and failed entries: shown only here, where they can be reinstated.
  withdrawn: 'Withdrawn',
  // Graphic content: shown blurred until clicked.
  sensitive: 'Sensitive',
};

function parseSeverity(v: string): Severity | null {
  if (v === 'na') return 'na';
  const n = Number(v);
  return n === 0 || n === 1 || n === 2 || n === 3 || n === 4 ? n : null;
}

/** The facet's text value as the query field holds it (null when it is not a valid value). */
function parse(facet: ListFacet, value: string): PhotoQuery[ListFacet][number] | null {
  switch (facet) {
    case 'classIds':
    case 'damageIds':
    case 'tagIds': {
      const n = Number(value);
      return Number.isInteger(n) && n > 0 ? n : null;
    }
    case 'severities':
      return parseSeverity(value);
    case 'confidences':
      return value === 'certain' || value === 'possible' ? value : null;
    case 'flags':
      return value in FLAG_LABELS ? (value as PhotoFlag) : null;
    case 'statuses':
      return value === 'new' || value === 'annotated' || value === 'reviewed' || value === 'sealed' ? value : null;
    default:
      return value;
  }
}

export function hasValue(q: PhotoQuery, facet: ListFacet, value: string): boolean {
  return (q[facet] as ReadonlyArray<string | number>).some((v) => String(v) === value);
}

/** Adds the value to the facet's choices, or takes it out if it was chosen. */
export function toggleValue(q: PhotoQuery, facet: ListFacet, value: string): PhotoQuery {
  const list = q[facet] as ReadonlyArray<string | number>;
  if (hasValue(q, facet, value)) return { ...q, [facet]: list.filter((v) => String(v) !== value) };
  const parsed = parse(facet, value);
  if (parsed === null) return q;
  let next = [...list, parsed];
  // "Has GPS" and "No GPS" exclude each other; choosing one drops the other.
  if (facet === 'flags' && (value === 'has-gps' || value === 'no-gps')) next = next.filter((v) => v !== (value === 'has-gps' ? 'no-gps' : 'has-gps'));
  return { ...q, [facet]: next };
}

const LIST_FACETS = Object.keys(FACET_SOURCE) as ListFacet[];

/** Facet choices, date range, map box and album: everything but the text and the sort order. */
export function filterCount(q: PhotoQuery): number {
  return (
    LIST_FACETS.reduce((n, f) => n + q[f].length, 0) +
    (q.takenFrom ? 1 : 0) +
    (q.takenTo ? 1 : 0) +
    (q.bbox ? 1 : 0) +
    (q.collectionId !== null ? 1 : 0)
  );
}

/** True when the query narrows the archive at all (text or filters). */
export function isFiltered(q: PhotoQuery): boolean {
  return q.text.trim() !== '' || filterCount(q) > 0;
}

/** Drops every filter and the text; keeps the sort order. */
export function clearAll(q: PhotoQuery): PhotoQuery {
  return { ...EMPTY_QUERY, sort: q.sort };
}

/** The same photos asked for, regardless of order: for telling whether a saved search is the one shown. */
export function sameQuery(a: PhotoQuery, b: PhotoQuery): boolean {
  const norm = (q: PhotoQuery) => JSON.stringify({ ...q, text: q.text.trim(), sort: null });
  return norm(a) === norm(b);
}

/** Whether the query's filters depend on annotations, so an annotation edit can change the result. */
export function dependsOnAnnotations(q: PhotoQuery): boolean {
  return (
    q.text.trim() !== '' ||
    q.sort === 'severity' ||
    q.classIds.length + q.damageIds.length + q.tagIds.length + q.severities.length + q.confidences.length > 0 ||
    q.flags.some((f) => f === 'has-regions' || f === 'unannotated' || f === 'has-gps' || f === 'no-gps' || f === 'sensitive') ||
    // "annotated" follows a photo's annotations until someone sets a status.
    q.statuses.length > 0 ||
    q.places.length > 0 ||
    q.bbox !== null ||
    q.collectionId !== null
  );
}

export function formatBbox(b: NonNullable<PhotoQuery['bbox']>): string {
  const lat = (v: number) => `${Math.abs(v).toFixed(2)}°${v < 0 ? 'S' : 'N'}`;
  const lon = (v: number) => `${Math.abs(v).toFixed(2)}°${v < 0 ? 'W' : 'E'}`;
  return `${lat(b.south)}–${lat(b.north)}, ${lon(b.west)}–${lon(b.east)}`;
}
