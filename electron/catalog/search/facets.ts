// Sidebar counts under the current query. Facets are disjunctive, as in Lightroom's and digiKam's
// filter bars: values chosen within one facet are alternatives, so a facet's counts are computed
// with every other selection applied but without its own; picking "Car" still shows how many
// "Truck" photos there are to add. Flags narrow one another (AND), so their counts are plain
// drill-down counts: how many of the current result have the flag.
import type { Facets, PhotoFlag, PhotoQuery } from '../../../shared/api';
import { SEVERITIES } from '../../../shared/taxonomy';
import type { Db } from '../db';
import { searchCache } from './cache';
import { conditionsOf, FACT_OF, Matcher, selectedValues, wantsProblems, type FacetKey } from './query';

type FacetCount = Facets['classes'][number];

const FLAG_LABELS: Record<PhotoFlag, string> = {
  'has-gps': 'Has GPS',
  'no-gps': 'No GPS',
  'has-regions': 'Has regions',
  unannotated: 'Not yet annotated',
  problems: 'Import problems',
  withdrawn: 'Withdrawn',
  duplicates: 'Duplicates',
  'near-duplicates': 'Near-duplicates',
  sensitive: 'Sensitive',
};
const STATUS_LABELS: Record<string, string> = { new: 'New', annotated: 'Annotated', reviewed: 'Reviewed', sealed: 'Sealed' };
const SEVERITY_LABELS: Record<string, string> = {
  ...Object.fromEntries(SEVERITIES.map((s) => [String(s.value), s.label])),
  na: 'not assessable',
};
/** Facets whose values are a fixed scale are always listed in full, in scale order (zeros too). */
const FIXED: Partial<Record<FacetKey, string[]>> = {
  severities: ['4', '3', '2', '1', '0', 'na'],
  confidences: ['certain', 'possible'],
  statuses: ['new', 'annotated', 'reviewed', 'sealed'],
};

export function getFacets(db: Db, q: PhotoQuery): Facets {
  const cache = searchCache(db);
  const all = conditionsOf(db, q);
  const problems = wantsProblems(q);
  const match = new Matcher(db, cache, all);
  const base = match.ids(problems);

  // fact name -> value -> count: one pass over the result for every facet without a selection, and
  // one pass per facet with a selection, over the result without that selection.
  const counts = new Map<string, Map<string, number>>();
  const take = (tally: Int32Array, facts: Set<string>) => {
    tally.forEach((n, i) => {
      const { facet, value } = cache.factKeys[i]!;
      if (n > 0 && facts.has(facet)) counts.get(facet)!.set(value, n);
    });
  };
  for (const fact of [...Object.values(FACT_OF), 'flag']) counts.set(fact, new Map());
  const keys = Object.keys(FACT_OF) as FacetKey[];
  const own = keys.filter((k) => selectedValues(q, k).length > 0);
  take(cache.countFacts(base), new Set([...keys.filter((k) => !own.includes(k)).map((k) => FACT_OF[k]), 'flag']));
  for (const k of own) take(cache.countFacts(match.ids(problems, k)), new Set([FACT_OF[k]]));
  // Failed imports live outside the catalogued photos: their count applies every other condition.
  counts.get('flag')!.set('problems', problems === true ? base.length : match.ids(true).length);
  counts.get('flag')!.set('withdrawn', problems === 'withdrawn' ? base.length : match.ids('withdrawn').length);

  // The capture-date range ignores the range's own selection, like a facet.
  const { min, max } = cache.dayRange(all.some((c) => c.key === 'taken') ? match.ids(problems, 'taken') : base);

  const labels = termLabels(db);
  const list = (key: FacetKey, label: (v: string) => string): FacetCount[] => {
    const byValue = counts.get(FACT_OF[key])!;
    const fixed = FIXED[key];
    // Selected values stay listed (with 0) so they can be unselected.
    const values = fixed ?? [...new Set([...byValue.keys(), ...selectedValues(q, key)])];
    const items = values.map((value) => ({ value, label: label(value), count: byValue.get(value) ?? 0 }));
    // Open-ended facets: most used first, then by label, as a sidebar reads best.
    return fixed ? items : items.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label) || a.value.localeCompare(b.value));
  };
  const term = (v: string) => labels.get(Number(v)) ?? `#${v}`;
  const flags = counts.get('flag')!;
  return {
    total: base.length,
    classes: list('classes', term),
    damage: list('damage', term),
    tags: list('tags', term),
    severities: list('severities', (v) => SEVERITY_LABELS[v] ?? v),
    confidences: list('confidences', (v) => v),
    cameras: list('cameras', (v) => v),
    places: list('places', (v) => v),
    flags: (Object.keys(FLAG_LABELS) as PhotoFlag[]).map((f) => ({ value: f, label: FLAG_LABELS[f], count: flags.get(f) ?? 0 })),
    statuses: list('statuses', (v) => STATUS_LABELS[v] ?? v),
    taken: { min, max },
  };
}

function termLabels(db: Db): Map<number, string> {
  const rows = db.prepare('SELECT id, label FROM terms').raw().all() as Array<[number, string]>;
  return new Map(rows);
}
