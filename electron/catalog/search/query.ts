// PhotoQuery -> parameterised SQL conditions over photo_search (alias s, one row per photo), each
// tagged with the part of the query it comes from, so facets.ts can leave a facet's own selection
// out when it counts that facet (disjunctive facets); Matcher intersects their answers and cache.ts
// orders the result. All user values are bound parameters; lists travel as one JSON parameter
// (json_each), which keeps the statement text, and SQLite's cache of prepared statements, the same
// whatever the selection's size.
import { PhotoQuery, type PhotoSummary } from '../../../shared/api';
import type { Db } from '../db';
import { NotFoundError } from '../errors';
import { toMatchExpression } from './fts-query';
import { inUniverse, searchCache, type CachedPhoto, type SearchCache, type Universe } from './cache';
import { syncSearchIndex } from './index-sync';

export type FacetKey = 'classes' | 'damage' | 'tags' | 'severities' | 'confidences' | 'cameras' | 'places' | 'statuses';
/** Which part of a query a condition comes from; facets.ts drops a facet's own when counting it. */
export type ConditionKey = FacetKey | 'taken' | 'flags' | 'other';

export interface Condition {
  key: ConditionKey;
  sql: string;
  params: unknown[];
  /** The same condition as facts (a photo has any of these values): answered from the cache's postings, no SQL. */
  fact?: { facet: string; values: string[] };
}

/** The facet name in photo_facts for each PhotoQuery list. */
export const FACT_OF: Record<FacetKey, string> = {
  classes: 'class',
  damage: 'damage',
  tags: 'tag',
  severities: 'severity',
  confidences: 'confidence',
  cameras: 'camera',
  places: 'place',
  statuses: 'status',
};

const IN_FACT = "s.photo_id IN (SELECT photo_id FROM photo_facts WHERE facet = ? AND value IN (SELECT value FROM json_each(?)))";

/** The values a PhotoQuery list selects, as photo_facts stores them (text). */
export function selectedValues(q: PhotoQuery, key: FacetKey): string[] {
  switch (key) {
    case 'classes':
      return q.classIds.map(String);
    case 'damage':
      return q.damageIds.map(String);
    case 'tags':
      return q.tagIds.map(String);
    case 'severities':
      return q.severities.map(String);
    case 'confidences':
      return q.confidences;
    case 'cameras':
      return q.cameras;
    case 'places':
      return q.places;
    case 'statuses':
      return q.statuses;
  }
}

interface SavedCollection {
  kind: 'album' | 'search';
  query_json: string | null;
}

/**
 * The conditions of a query, except which photos it lists at all (wantsProblems).
 */
export function conditionsOf(db: Db, q: PhotoQuery, depth = 0): Condition[] {
  const out: Condition[] = [];
  const match = toMatchExpression(q.text);
  if (match) out.push({ key: 'other', sql: 's.photo_id IN (SELECT rowid FROM photo_fts WHERE photo_fts MATCH ?)', params: [match] });
  for (const key of Object.keys(FACT_OF) as FacetKey[]) {
    const values = selectedValues(q, key);
    if (values.length) out.push({ key, sql: IN_FACT, params: [FACT_OF[key], JSON.stringify(values)], fact: { facet: FACT_OF[key], values } });
  }
  if (q.takenFrom) out.push({ key: 'taken', sql: 's.day >= ?', params: [q.takenFrom] });
  if (q.takenTo) out.push({ key: 'taken', sql: 's.day <= ?', params: [q.takenTo] });
  for (const flag of new Set(q.flags)) {
    if (flag === 'problems' || flag === 'withdrawn') continue; // see wantsProblems
    out.push({ key: 'flags', sql: "s.photo_id IN (SELECT photo_id FROM photo_facts WHERE facet = 'flag' AND value = ?)", params: [flag], fact: { facet: 'flag', values: [flag] } });
  }
  if (q.bbox) {
    const { south, north, west, east } = q.bbox;
    // A box across the antimeridian (west > east) wraps around.
    const lon = west <= east ? 's.lon BETWEEN ? AND ?' : '(s.lon >= ? OR s.lon <= ?)';
    out.push({ key: 'other', sql: `s.lat BETWEEN ? AND ? AND ${lon}`, params: [Math.min(south, north), Math.max(south, north), west, east] });
  }
  if (q.collectionId !== null) out.push(...collectionConditions(db, q.collectionId, depth));
  return out;
}

function collectionConditions(db: Db, id: number, depth: number): Condition[] {
  const c = db.prepare('SELECT kind, query_json FROM collections WHERE id = ?').get(id) as SavedCollection | undefined;
  if (!c) {
    // A saved search that names a since-deleted album finds nothing; naming one directly is an error.
    if (depth > 0) return [{ key: 'other', sql: '0', params: [] }];
    throw new NotFoundError(`No collection with id ${id} in this archive.`);
  }
  if (c.kind === 'album') return [{ key: 'other', sql: 's.photo_id IN (SELECT photo_id FROM collection_photos WHERE collection_id = ?)', params: [id] }];
  // A saved search within a saved search is followed a few levels deep; a cycle ends there.
  if (depth >= 4) return [{ key: 'other', sql: '0', params: [] }];
  const saved = PhotoQuery.parse(JSON.parse(c.query_json ?? '{}'));
  // The saved search's own selections narrow the result like any other condition ("other"): the
  // sidebar's facets count within the saved search.
  return conditionsOf(db, saved, depth + 1).map((x) => ({ ...x, key: 'other' as const }));
}

/** Failed imports are listed only when the "problems" flag asks for them, every other photo only when it does not. */
export function wantsProblems(q: PhotoQuery): Universe {
  return q.flags.includes('withdrawn') ? 'withdrawn' : q.flags.includes('problems');
}

const universe = (problems: Universe): Condition => ({
  key: 'flags',
  sql:
    problems === 'withdrawn'
      ? 's.photo_id IN (SELECT id FROM photos WHERE withdrawn_at IS NOT NULL)'
      : `s.is_error = ${problems ? 1 : 0} AND s.photo_id NOT IN (SELECT id FROM photos WHERE withdrawn_at IS NOT NULL)`,
  params: [],
});

export function whereOf(conditions: Condition[]): { sql: string; params: unknown[] } {
  return { sql: conditions.map((c) => `(${c.sql})`).join(' AND ') || '1', params: conditions.flatMap((c) => c.params) };
}

/**
 * Which photos match a query's conditions, and the same without one part of it (for disjunctive
 * facet counts). Each condition is asked of SQLite once (FTS5, indexed facts) and the answers are
 * intersected here, so counting five facets without their own selections costs five lookups, not
 * five joins. Whether failed imports are listed (the universe) comes from the cache.
 */
export class Matcher {
  private answers = new Map<Condition, { ids: number[]; mark: Uint8Array }>();

  constructor(
    private readonly db: Db,
    private readonly cache: SearchCache,
    readonly conditions: Condition[],
  ) {}

  private answer(c: Condition) {
    let a = this.answers.get(c);
    if (!a) {
      const ids = c.fact
        ? this.cache.photosWith(c.fact.facet, c.fact.values)
        : (this.db.prepare(`SELECT s.photo_id FROM photo_search s WHERE ${c.sql}`).pluck().all(...c.params) as number[]);
      let max = 0;
      for (const id of ids) if (id > max) max = id;
      const mark = new Uint8Array(max + 1);
      for (const id of ids) mark[id] = 1;
      a = { ids, mark };
      this.answers.set(c, a);
    }
    return a;
  }

  /** The matching photos (unordered), optionally leaving out the conditions of one part of the query. */
  ids(problems: Universe, without?: ConditionKey): number[] {
    const used = this.conditions.filter((c) => c.key !== without);
    if (used.length === 0) return this.cache.allIds(problems);
    const answers = used.map((c) => this.answer(c)).sort((a, b) => a.ids.length - b.ids.length);
    const [smallest, ...rest] = answers;
    return smallest!.ids.filter((id) => {
      const p = this.cache.get(id);
      return rest.every((a) => a.mark[id] === 1) && p !== undefined && inUniverse(p, problems);
    });
  }
}

/**
 * Sort orders: capture time (undated last, then file name), import time (newest import first),
 * file name (ignoring ASCII case), severity (the highest region severity first; "not assessable"
 * after 0; photos never assessed last; then capture time).
 */
function ordered(db: Db, q: PhotoQuery): CachedPhoto[] {
  const cache = searchCache(db);
  return cache.inOrder(q.sort, new Matcher(db, cache, conditionsOf(db, q)).ids(wantsProblems(q)));
}

export function searchPhotos(db: Db, q: PhotoQuery): PhotoSummary[] {
  return ordered(db, q).map((p) => p.summary);
}

/** Ids only, in the query's order (the CLI's search and export --query). */
export function searchIds(db: Db, q: PhotoQuery): number[] {
  return ordered(db, q).map((p) => p.summary.id);
}

export function countMatching(db: Db, q: PhotoQuery): number {
  syncSearchIndex(db);
  const where = whereOf([universe(wantsProblems(q)), ...conditionsOf(db, q)]);
  return db.prepare(`SELECT count(*) FROM photo_search s WHERE ${where.sql}`).pluck().get(...where.params) as number;
}

/** Geotagged photos matching the query, at the position exports use (user's over the file's), by id. */
export function mapPoints(db: Db, q: PhotoQuery): Array<{ id: number; lat: number; lon: number }> {
  const cache = searchCache(db);
  const ids = new Matcher(db, cache, conditionsOf(db, q)).ids(wantsProblems(q));
  const out: Array<{ id: number; lat: number; lon: number }> = [];
  for (const id of ids) {
    const p = cache.get(id);
    if (p && p.lat !== null && p.lon !== null) out.push({ id, lat: p.lat, lon: p.lon });
  }
  return out.sort((a, b) => a.id - b.id);
}
