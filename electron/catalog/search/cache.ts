// The grid's working set in memory, per open catalogue: every photo's tile (PhotoSummary), its sort
// keys and its facet facts. SQLite decides which photos match (FTS5, indexed facts); this cache
// orders them and counts their facets without reading 50,000 rows back each time, which is what
// keeps a query on a large archive within a frame or two.
//
// Freshness: syncSearchIndex keeps the photos this connection rebuilt (from the trigger queues),
// whoever called it, until the cache takes them (takeChangedPhotos), and those entries are re-read; a commit by another connection (the CLI while the app is open)
// changes SQLite's data_version, and then everything is re-read.
import type { PhotoSummary, SortOrder } from '../../../shared/api';
import type { Db } from '../db';
import { syncSearchIndex, takeChangedPhotos } from './index-sync';

type Sort = (typeof SortOrder)['options'][number];

export interface CachedPhoto {
  summary: PhotoSummary;
  isError: boolean;
  /** Withdrawn photos and failed entries are listed only under the "withdrawn" filter. */
  withdrawn: boolean;
  day: string | null;
  lat: number | null;
  lon: number | null;
  severityRank: number;
  takenSort: string | null;
  /** The name order's key, made when that order is first asked for (most sessions never sort by name). */
  nameKey: string | null;
  importedAt: string;
  /** Indexes into SearchCache.factKeys (filled on the first count: the grid alone does not need them). */
  facts: number[];
}

type Row = [number, string, number | null, number | null, string | null, PhotoSummary['status'], number, string | null, string | null, string, number, string | null, number | null, number | null, number, string | null, number | null, number | null];

const ROW_SQL = `SELECT p.id, p.file_name, p.width, p.height, p.taken_at, p.status, p.has_thumb, p.missing_since, p.taken_sort, p.imported_at,
    s.is_error, s.day, s.lat, s.lon, s.severity_rank, p.withdrawn_at, r.sensitive, p.clock_offset_s
  FROM photos p NOT INDEXED JOIN photo_search s ON s.photo_id = p.id LEFT JOIN photo_review r ON r.photo_id = p.id`;
// NOT INDEXED: the whole table is read in its own order; left to itself SQLite walks an index of
// source paths and looks every row up, which costs more.

/**
 * The same orders as COMPARE, as SQLite's indexes give them (photos_grid_order, photos_imported,
 * photos_name): reading ids in index order and then sorting, which on sorted input is one
 * comparison per photo, saves most of a full sort on a large archive. The JS sort still decides:
 * where SQLite orders differently (NULLs first, UTF-8 byte order), it corrects the order.
 */
const INDEX_ORDER: Partial<Record<Sort, string>> = {
  taken: 'SELECT id FROM photos ORDER BY taken_sort, file_name, id',
  imported: 'SELECT id FROM photos ORDER BY imported_at DESC, id DESC',
  name: 'SELECT id FROM photos ORDER BY file_name COLLATE NOCASE, id',
};

/** Which photos a query looks at: catalogued (false), failed imports (true), or the withdrawn. */
export type Universe = boolean | 'withdrawn';

export function inUniverse(p: CachedPhoto, u: Universe): boolean {
  return u === 'withdrawn' ? p.withdrawn : !p.withdrawn && p.isError === u;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** SQLite's NOCASE folds ASCII letters only; the name order does the same. */
const asciiLower = (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

function byTaken(a: CachedPhoto, b: CachedPhoto): number {
  if ((a.takenSort === null) !== (b.takenSort === null)) return a.takenSort === null ? 1 : -1;
  return cmp(a.takenSort ?? '', b.takenSort ?? '') || cmp(a.summary.fileName, b.summary.fileName) || a.summary.id - b.summary.id;
}

/** Same orders as SQL would give (query.ts documents them). */
const COMPARE: Record<Sort, (a: CachedPhoto, b: CachedPhoto) => number> = {
  taken: byTaken,
  imported: (a, b) => cmp(b.importedAt, a.importedAt) || b.summary.id - a.summary.id,
  name: (a, b) => cmp((a.nameKey ??= asciiLower(a.summary.fileName)), (b.nameKey ??= asciiLower(b.summary.fileName))) || a.summary.id - b.summary.id,
  severity: (a, b) => b.severityRank - a.severityRank || byTaken(a, b),
};

export class SearchCache {
  readonly photos = new Map<number, CachedPhoto>();
  /** The same entries indexed by id: the counting loops' lookups, faster than a Map. */
  private byId: Array<CachedPhoto | undefined> = [];
  readonly factKeys: Array<{ facet: string; value: string }> = [];
  private factIndex = new Map<string, number>();
  private orders = new Map<Sort, CachedPhoto[]>();
  private factsLoaded = false;
  /** Derived from the entries, dropped whenever any entry is re-read (read()). */
  private universes = new Map<Universe, number[]>();
  private universeCounts = new Map<number[], Int32Array>();
  private universeOrders = new Map<string, CachedPhoto[]>();
  private universeDays = new Map<number[], { min: string | null; max: string | null }>();
  /** Fact index -> the photos with that fact, ascending: a facet condition without SQL. */
  private postings: Int32Array[] | null = null;

  constructor(
    private readonly db: Db,
    readonly dataVersion: number,
  ) {
    this.read(null);
  }

  /** Re-reads these photos (all when null). */
  read(ids: number[] | null): void {
    const filter = ids ? ' WHERE p.id IN (SELECT value FROM json_each(?))' : '';
    const args = ids ? [JSON.stringify(ids)] : [];
    if (ids) {
      for (const id of ids) {
        this.photos.delete(id);
        this.byId[id] = undefined;
      }
    }
    for (const r of this.db.prepare(ROW_SQL + filter).raw().all(...args) as Row[]) {
      const [id, fileName, width, height, takenAt, status, hasThumb, missing, takenSort, importedAt, isError, day, lat, lon, severityRank, withdrawnAt, sensitive, clockOffset] = r;
      const entry: CachedPhoto = {
        summary: {
          id, fileName, width, height, takenAt, status, hasThumb: hasThumb === 1, missing: missing !== null,
          ...(sensitive === 1 ? { sensitive: true as const } : {}),
          // A corrected camera clock: the grid shows the corrected time (taken_sort holds it, clock.ts).
          ...(clockOffset && takenSort ? { correctedAt: takenSort } : {}),
        },
        isError: isError === 1,
        withdrawn: withdrawnAt !== null,
        day,
        lat,
        lon,
        severityRank,
        takenSort,
        nameKey: null,
        importedAt,
        facts: [],
      };
      this.photos.set(id, entry);
      this.byId[id] = entry;
    }
    if (ids && this.factsLoaded) this.readFacts(args);
    this.orders.clear();
    this.universes.clear();
    this.universeCounts.clear();
    this.universeOrders.clear();
    this.universeDays.clear();
    this.postings = null;
  }

  /**
   * Facts arrive grouped by value (a few hundred rows, each with its photo ids as one string),
   * read in the primary key's order: far cheaper than one row per fact.
   */
  private readFacts(args: unknown[]): void {
    const filter = args.length ? ' WHERE photo_id IN (SELECT value FROM json_each(?))' : '';
    const rows = this.db.prepare(`SELECT facet, value, group_concat(photo_id) FROM photo_facts${filter} GROUP BY facet, value`).raw().all(...args) as Array<[string, string, string]>;
    for (const [facet, value, ids] of rows) {
      const f = this.intern(facet, value);
      for (const id of ids.split(',')) this.byId[Number(id)]?.facts.push(f);
    }
  }

  private intern(facet: string, value: string): number {
    const key = `${facet}\u0000${value}`;
    let i = this.factIndex.get(key);
    if (i === undefined) {
      i = this.factKeys.length;
      this.factKeys.push({ facet, value });
      this.factIndex.set(key, i);
    }
    return i;
  }

  /** Every photo (failed imports too) in a sort order, computed once per change. */
  ordered(sort: Sort): CachedPhoto[] {
    let o = this.orders.get(sort);
    if (!o) {
      o = this.presorted(sort).sort(COMPARE[sort]);
      this.orders.set(sort, o);
    }
    return o;
  }

  /** Every entry, in the index's order where there is one (see INDEX_ORDER). */
  private presorted(sort: Sort): CachedPhoto[] {
    const sql = INDEX_ORDER[sort];
    if (!sql) return [...this.photos.values()];
    const out: CachedPhoto[] = [];
    const undated: CachedPhoto[] = [];
    const placed = new Uint8Array(this.byId.length);
    for (const id of this.db.prepare(sql).pluck().all() as number[]) {
      const p = this.byId[id];
      if (!p || placed[id]) continue;
      placed[id] = 1;
      (sort === 'taken' && p.takenSort === null ? undated : out).push(p);
    }
    for (const p of undated) out.push(p);
    for (const p of this.photos.values()) if (!placed[p.summary.id]) out.push(p);
    return out;
  }

  get(id: number): CachedPhoto | undefined {
    return this.byId[id];
  }

  /**
   * Every catalogued photo's id (or every failed import's, or every withdrawn one), for queries
   * without conditions. Computed once per change; callers must not modify it.
   */
  allIds(problems: Universe): number[] {
    let ids = this.universes.get(problems);
    if (!ids) {
      ids = [];
      for (const p of this.photos.values()) if (inUniverse(p, problems)) ids.push(p.summary.id);
      this.universes.set(problems, ids);
    }
    return ids;
  }

  private loadFacts(): void {
    if (this.factsLoaded) return;
    this.readFacts([]);
    this.factsLoaded = true;
  }

  /** The photos with any of these values of a facet (what photo_facts says; the cache holds every row of it). */
  photosWith(facet: string, values: string[]): number[] {
    this.loadFacts();
    if (!this.postings) {
      const lists: number[][] = this.factKeys.map(() => []);
      for (const p of this.photos.values()) for (const f of p.facts) lists[f]!.push(p.summary.id);
      this.postings = lists.map((l) => Int32Array.from(l));
    }
    const out: number[] = [];
    const seen = values.length > 1 ? new Set<number>() : null;
    for (const value of values) {
      const f = this.factIndex.get(`${facet}\u0000${value}`);
      if (f === undefined) continue;
      for (const id of this.postings[f]!) {
        if (seen) {
          if (seen.has(id)) continue;
          seen.add(id);
        }
        out.push(id);
      }
    }
    return out;
  }

  /** The photos with these ids, in a sort order. */
  inOrder(sort: Sort, ids: number[]): CachedPhoto[] {
    const all = this.ordered(sort);
    if (ids.length === 0) return [];
    // A whole universe (the grid with nothing chosen) is filtered once per change and order.
    for (const [universe, members] of this.universes) {
      if (members !== ids) continue;
      const key = `${sort}|${String(universe)}`;
      let list = this.universeOrders.get(key);
      if (!list) this.universeOrders.set(key, (list = all.filter((p) => inUniverse(p, universe))));
      return list;
    }
    let max = 0;
    for (const id of ids) if (id > max) max = id;
    const member = new Uint8Array(max + 1);
    for (const id of ids) member[id] = 1;
    return all.filter((p) => member[p.summary.id] === 1);
  }

  /** The earliest and latest capture day among these photos (a whole universe: once per change). */
  dayRange(ids: number[]): { min: string | null; max: string | null } {
    const memo = [...this.universes.values()].includes(ids);
    const known = memo ? this.universeDays.get(ids) : undefined;
    if (known) return known;
    let min: string | null = null;
    let max: string | null = null;
    for (const id of ids) {
      const day = this.byId[id]?.day ?? null;
      if (day === null) continue;
      if (min === null || day < min) min = day;
      if (max === null || day > max) max = day;
    }
    const range = { min, max };
    if (memo) this.universeDays.set(ids, range);
    return range;
  }

  /** Facet counts over a set of photos: fact index -> number of photos. */
  countFacts(ids: number[]): Int32Array {
    this.loadFacts();
    // A whole universe (the sidebar with nothing chosen) is counted once per change.
    const memo = [...this.universes.values()].includes(ids);
    const known = memo ? this.universeCounts.get(ids) : undefined;
    if (known && known.length === this.factKeys.length) return known;
    const counts = new Int32Array(this.factKeys.length);
    for (const id of ids) {
      const p = this.byId[id];
      if (p) for (const f of p.facts) counts[f]!++;
    }
    if (memo) this.universeCounts.set(ids, counts);
    return counts;
  }
}

const caches = new WeakMap<Db, SearchCache>();

/** The cache for this connection, brought up to date with the catalogue first. */
export function searchCache(db: Db): SearchCache {
  syncSearchIndex(db);
  const changed = takeChangedPhotos(db);
  const version = db.pragma('data_version', { simple: true }) as number;
  let cache = caches.get(db);
  if (!cache || cache.dataVersion !== version) {
    cache = new SearchCache(db, version);
    caches.set(db, cache);
  } else if (changed.length) {
    cache.read(changed);
  }
  return cache;
}
