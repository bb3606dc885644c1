// The sidebar's counts checked against the catalogue itself: every facet value's count is compared
// with a count made by plain SQL over the base tables (photos, photo_meta, photo_tags, regions,
// region_damage, terms), never over the search index the app counts with, and with the number of
// photos that choosing the value lists. Shared by the integration and end-to-end count-truth tests.
import Database from 'better-sqlite3';
import { PhotoQuery, type Facets, type PhotoQueryInput, type PhotoSummary } from '../../shared/api';
import { normalisedCamera } from '../../electron/catalog/camera-names';

type FacetList = 'classes' | 'damage' | 'tags' | 'severities' | 'confidences' | 'cameras' | 'places' | 'statuses';
const KIND_OF: Record<string, 'classes' | 'damage' | 'tags'> = { class: 'classes', damage: 'damage', tag: 'tags' };

/** The photos (not failed imports) a plain SQL reading of the catalogue puts under each facet value. */
export function sqlFacetTruth(catalog: string, onlyIds: number[] | null): Record<FacetList | 'flags', Map<string, number>> {
  const db = new Database(catalog, { readonly: true });
  try {
    const ok = (db.prepare("SELECT id FROM photos WHERE status <> 'error'").pluck().all() as number[]).filter((id) => !onlyIds || onlyIds.includes(id));
    const inScope = new Set(ok);
    const out: Record<FacetList | 'flags', Map<string, number>> = {
      classes: new Map(), damage: new Map(), tags: new Map(), severities: new Map(), confidences: new Map(), cameras: new Map(), places: new Map(), statuses: new Map(), flags: new Map(),
    };
    const add = (list: FacetList | 'flags', value: string, photos: Iterable<number>) => {
      const n = [...new Set(photos)].filter((id) => inScope.has(id)).length;
      if (n > 0) out[list].set(value, n);
    };
    // A term counts every photo that uses it or any of its subtypes, as tag, region class or damage type.
    const terms = db.prepare('SELECT id, kind, parent_id AS parentId FROM terms').all() as Array<{ id: number; kind: string; parentId: number | null }>;
    const uses = db
      .prepare(
        `SELECT photo_id AS p, term_id AS t FROM photo_tags
         UNION SELECT photo_id, class_id FROM regions WHERE class_id IS NOT NULL
         UNION SELECT r.photo_id, d.term_id FROM region_damage d JOIN regions r ON r.id = d.region_id`,
      )
      .all() as Array<{ p: number; t: number }>;
    const parent = new Map(terms.map((t) => [t.id, t.parentId]));
    const usedBy = new Map<number, Set<number>>();
    for (const u of uses) {
      for (let t: number | null | undefined = u.t, guard = 0; t != null && guard < 50; t = parent.get(t), guard++) {
        if (!usedBy.has(t)) usedBy.set(t, new Set());
        usedBy.get(t)!.add(u.p);
      }
    }
    for (const t of terms) add(KIND_OF[t.kind]!, String(t.id), usedBy.get(t.id) ?? []);
    for (const [value, rows] of groupBy(db.prepare('SELECT severity AS v, photo_id AS p FROM regions WHERE severity IS NOT NULL').all() as Row[])) add('severities', value, rows);
    for (const [value, rows] of groupBy(db.prepare('SELECT confidence AS v, photo_id AS p FROM regions WHERE confidence IS NOT NULL').all() as Row[])) add('confidences', value, rows);
    const cams = db.prepare('SELECT id AS p, make, model FROM photos').all() as Array<{ p: number; make: string | null; model: string | null }>;
    for (const [value, rows] of groupBy(cams.map((c) => ({ v: normalisedCamera(c.make, c.model), p: c.p })).filter((r): r is Row => r.v !== null))) add('cameras', value, rows);
    const meta = (field: string) => `(SELECT value FROM photo_meta WHERE photo_id = p.id AND field = '${field}')`;
    const places = db.prepare(`SELECT coalesce(${meta('city')}, ${meta('region')}, ${meta('country')}) AS v, p.id AS p FROM photos p`).all() as Array<{ v: string | null; p: number }>;
    for (const [value, rows] of groupBy(places.filter((r): r is Row => r.v !== null))) add('places', value, rows);
    const pos = db
      .prepare(
        `SELECT p.id AS p,
           CASE WHEN (SELECT count(*) FROM photo_meta WHERE photo_id = p.id AND field IN ('lat', 'lon')) = 2 OR (p.gps_lat IS NOT NULL AND p.gps_lon IS NOT NULL) THEN 1 ELSE 0 END AS gps,
           EXISTS (SELECT 1 FROM regions WHERE photo_id = p.id) AS regions,
           EXISTS (SELECT 1 FROM photo_tags WHERE photo_id = p.id) OR EXISTS (SELECT 1 FROM photo_meta WHERE photo_id = p.id) AS described,
           EXISTS (SELECT 1 FROM duplicates WHERE photo_id = p.id) AS dup,
           (SELECT status FROM photo_review WHERE photo_id = p.id) AS status,
           coalesce((SELECT sensitive FROM photo_review WHERE photo_id = p.id), 0) AS sensitive
         FROM photos p`,
      )
      .all() as Array<{ p: number; gps: number; regions: number; described: number; dup: number; status: string | null; sensitive: number }>;
    // Review status: the one a person set, else "annotated" for a photo with any tag, region or field, else "new".
    const statusOf = (r: (typeof pos)[number]) => (r.status && r.status !== 'new' ? r.status : r.regions || r.described ? 'annotated' : 'new');
    for (const s of ['new', 'annotated', 'reviewed', 'sealed']) add('statuses', s, pos.filter((r) => statusOf(r) === s).map((r) => r.p));
    add('flags', 'sensitive', pos.filter((r) => r.sensitive === 1).map((r) => r.p));
    add('flags', 'has-gps', pos.filter((r) => r.gps).map((r) => r.p));
    add('flags', 'no-gps', pos.filter((r) => !r.gps).map((r) => r.p));
    add('flags', 'has-regions', pos.filter((r) => r.regions).map((r) => r.p));
    add('flags', 'unannotated', pos.filter((r) => !r.regions && !r.described).map((r) => r.p));
    add('flags', 'duplicates', pos.filter((r) => r.dup).map((r) => r.p));
    return out;
  } finally {
    db.close();
  }
}

type Row = { v: string; p: number };
function groupBy(rows: Row[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (const r of rows) m.set(r.v, [...(m.get(r.v) ?? []), r.p]);
  return m;
}

const QUERY_KEY: Record<FacetList, keyof PhotoQueryInput> = {
  classes: 'classIds', damage: 'damageIds', tags: 'tagIds', severities: 'severities', confidences: 'confidences', cameras: 'cameras', places: 'places', statuses: 'statuses',
};

/** What choosing a facet value asks for, on top of a base query. */
export function choose(base: PhotoQueryInput, list: FacetList | 'flags', value: string): PhotoQuery {
  if (list === 'flags') return PhotoQuery.parse({ ...base, flags: [value] });
  const numeric = list === 'classes' || list === 'damage' || list === 'tags';
  const v = numeric ? Number(value) : list === 'severities' && value !== 'na' ? Number(value) : value;
  return PhotoQuery.parse({ ...base, [QUERY_KEY[list]]: [v] });
}

export const FACET_LISTS: Array<FacetList | 'flags'> = ['classes', 'damage', 'tags', 'severities', 'confidences', 'cameras', 'places', 'statuses', 'flags'];

/**
 * Every difference between the sidebar and the truth, as readable lines (empty when they agree):
 * a count that differs from SQL, a value SQL has and the sidebar lacks, and a count that differs from
 * the photos choosing it lists.
 */
export async function facetMismatches(
  facets: Facets,
  truth: ReturnType<typeof sqlFacetTruth>,
  base: PhotoQueryInput,
  search: (q: PhotoQuery) => Promise<PhotoSummary[]>,
): Promise<string[]> {
  const problems: string[] = [];
  for (const list of FACET_LISTS) {
    const shown = new Map(facets[list].filter((f) => f.count > 0 || (list !== 'flags' && list !== 'statuses')).map((f) => [f.value, f]));
    for (const [value, n] of truth[list]) {
      const f = shown.get(value);
      if (!f) problems.push(`${list} ${value}: SQL counts ${n}, the sidebar does not list it`);
      else if (f.count !== n) problems.push(`${list} ${f.label}: sidebar ${f.count}, SQL ${n}`);
    }
    for (const f of facets[list]) {
      if (f.count === 0) continue;
      if (!truth[list].has(f.value)) problems.push(`${list} ${f.label}: sidebar ${f.count}, SQL 0`);
      const listed = (await search(choose(base, list, f.value))).length;
      if (listed !== f.count) problems.push(`${list} ${f.label}: sidebar ${f.count}, choosing it lists ${listed}`);
    }
  }
  return problems;
}
