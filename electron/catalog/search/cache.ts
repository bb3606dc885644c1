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
  nameKey: string;
  importedAt: string;
  /** Indexes into SearchCache.factKeys (filled on the first count: the grid alone does not need them). */
  facts: number[];
}

type Row = [number, string, number | null, number | null, string | null, PhotoSummary['status'], number, string | null, string | null, string, number, string | null, number | null, number | null, number, string | null, number | null];

const ROW_SQL = `SELECT p.id, p.file_name, p.width, p.height, p.taken_at, p.status, p.has_thumb, p.missing_since, p.taken_sort, p.imported_at,
    s.is_error, s.day, s.lat, s.lon, s.severity_rank, p.withdrawn_at, p.clock_offset_s
  FROM photos p JOIN photo_search s ON s.photo_id = p.id`;

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
  name: (a, b) => cmp(a.nameKey, b.nameKey) || a.summary.id - b.summary.id,
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
      const [id, fileName, width, height, takenAt, status, hasThumb, missing, takenSort, importedAt, isError, day, lat, lon, severityRank, withdrawnAt, clockOffset] = r;
      const entry: CachedPhoto = {
        summary: {
          id, fileName, width, height, takenAt, status, hasThumb: hasThumb === 1, missing: missing !== null,
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
        nameKey: asciiLower(fileName),
        importedAt,
        facts: [],
      };
      this.photos.set(id, entry);
      this.byId[id] = entry;
    }
    if (ids && this.factsLoaded) this.readFacts(args);
    this.orders.clear();
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
      o = [...this.photos.values()].sort(COMPARE[sort]);
      this.orders.set(sort, o);
    }
    return o;
  }

  get(id: number): CachedPhoto | undefined {
    return this.byId[id];
  }

  /** Every catalogued photo's id (or every failed import's, or every withdrawn one), for queries without conditions. */
  allIds(problems: Universe): number[] {
    const ids: number[] = [];
    for (const p of this.photos.values()) if (inUniverse(p, problems)) ids.push(p.summary.id);
    return ids;
  }

  /** The photos with these ids, in a sort order. */
  inOrder(sort: Sort, ids: number[]): CachedPhoto[] {
    const all = this.ordered(sort);
    if (ids.length === 0) return [];
    let max = 0;
    for (const id of ids) if (id > max) max = id;
    const member = new Uint8Array(max + 1);
    for (const id of ids) member[id] = 1;
    return all.filter((p) => member[p.summary.id] === 1);
  }

  /** Facet counts over a set of photos: fact index -> number of photos. */
  countFacts(ids: number[]): Int32Array {
    if (!this.factsLoaded) {
      this.readFacts([]);
      this.factsLoaded = true;
    }
    const counts = new Int32Array(this.factKeys.length);
    for (const id of ids) {
      const p = this.byId[id];
      if (p) for (const f of p.facts) counts[f]!++;
    }
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
