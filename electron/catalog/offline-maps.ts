// Street maps the user brings (a PMTiles or MBTiles file of their region, e.g. a Protomaps
// extract), for both hosts. The archive keeps only the list (settings key "offlineMaps": id, path
// and what the file holds); the file stays where it is and is never written. The renderer asks for
// bytes by the map's opaque id: a PMTiles file by HTTP byte range (the pmtiles reader fetches its
// header, directories and tiles that way), an MBTiles file by tile z/x/y read through SQLite.
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { PMTiles, TileType, type RangeResponse, type Source } from 'pmtiles';
import { OfflineMap } from '../../shared/api';
import { ConflictError, InvalidRequestError } from './errors';
import { expandHome } from './import-paths';
import { describeFsError } from './scan';

type Db = BetterSqlite3.Database;
type Stored = Omit<OfflineMap, 'present'>;

const SETTING = 'offlineMaps';
const PMTILES_MAGIC = Buffer.from('PMTiles');
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0');
/** A PMTiles reader asks for 16 KiB headers and single tiles; nothing legitimate is near this. */
const MAX_RANGE = 64 * 1024 * 1024;
const WORLD: Stored['bounds'] = [-180, -85.0511, 180, 85.0511];

function readList(db: Db): Stored[] {
  const r = db.prepare('SELECT value FROM settings WHERE key = ?').get(SETTING) as { value: string } | undefined;
  if (!r) return [];
  try {
    const parsed = OfflineMap.omit({ present: true }).array().safeParse(JSON.parse(r.value));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

function writeList(db: Db, list: Stored[]): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT DO UPDATE SET value = excluded.value').run(SETTING, JSON.stringify(list));
}

async function isPresent(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

export async function listOfflineMaps(db: Db): Promise<OfflineMap[]> {
  return Promise.all(readList(db).map(async (m) => ({ ...m, present: await isPresent(m.path) })));
}

/** A node file as a pmtiles Source: only the ranges asked for are read. */
class FileRangeSource implements Source {
  constructor(private readonly file: string) {}
  getKey(): string {
    return this.file;
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const h = await fs.open(this.file, 'r');
    try {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await h.read(buf, 0, length, offset);
      const out = new Uint8Array(bytesRead);
      out.set(buf.subarray(0, bytesRead));
      return { data: out.buffer };
    } finally {
      await h.close();
    }
  }
}

const PM_TILE_TYPES: Partial<Record<TileType, Stored['tileType']>> = {
  [TileType.Mvt]: 'mvt',
  [TileType.Png]: 'png',
  [TileType.Jpeg]: 'jpg',
  [TileType.Webp]: 'webp',
};

function vectorLayerNames(meta: unknown): string[] {
  const layers = (meta as { vector_layers?: unknown } | null)?.vector_layers;
  if (!Array.isArray(layers)) return [];
  return layers.flatMap((l) => (typeof (l as { id?: unknown })?.id === 'string' ? [(l as { id: string }).id] : [])).slice(0, 200);
}

function clampBounds(b: number[]): Stored['bounds'] {
  const [w, s, e, n] = b;
  if ([w, s, e, n].some((v) => v === undefined || !Number.isFinite(v)) || w! >= e! || s! >= n!) return WORLD;
  const lat = (v: number) => Math.max(-85.0511, Math.min(85.0511, v));
  const lon = (v: number) => Math.max(-180, Math.min(180, v));
  return [lon(w!), lat(s!), lon(e!), lat(n!)];
}

const zoom = (v: unknown, fallback: number) => {
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 && n <= 30 ? n : fallback;
};

async function inspectPmtiles(file: string, base: Pick<Stored, 'id' | 'path'>): Promise<Stored> {
  const pm = new PMTiles(new FileRangeSource(file));
  let header;
  let meta: unknown;
  try {
    header = await pm.getHeader();
    meta = await pm.getMetadata();
  } catch (err) {
    throw new InvalidRequestError(`"${file}" is not a readable PMTiles map: ${(err as Error).message}`);
  }
  const tileType = PM_TILE_TYPES[header.tileType];
  if (!tileType) throw new InvalidRequestError(`"${file}" holds tiles of a kind this app cannot draw (PMTiles tile type ${header.tileType}); vector (MVT), PNG, JPEG and WebP tiles are supported.`);
  const name = (meta as { name?: unknown } | null)?.name;
  return {
    ...base,
    name: typeof name === 'string' && name.trim() ? name.trim().slice(0, 200) : path.basename(file),
    container: 'pmtiles',
    tileType,
    minZoom: zoom(header.minZoom, 0),
    maxZoom: zoom(header.maxZoom, 14),
    bounds: clampBounds([header.minLon, header.minLat, header.maxLon, header.maxLat]),
    layers: tileType === 'mvt' ? vectorLayerNames(meta) : [],
  };
}

const MB_FORMATS: Record<string, Stored['tileType']> = { pbf: 'mvt', mvt: 'mvt', png: 'png', jpg: 'jpg', jpeg: 'jpg', webp: 'webp' };

function inspectMbtiles(file: string, base: Pick<Stored, 'id' | 'path'>): Stored {
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new InvalidRequestError(`"${file}" cannot be opened as an MBTiles map: ${(err as Error).message}`);
  }
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE name IN ('tiles', 'metadata') AND type IN ('table', 'view')").all() as Array<{ name: string }>;
    if (tables.length < 2) throw new InvalidRequestError(`"${file}" is an SQLite database but not an MBTiles map (it has no "tiles" and "metadata" tables).`);
    const meta = new Map((db.prepare('SELECT name, value FROM metadata').all() as Array<{ name: string; value: string }>).map((r) => [r.name, r.value]));
    const format = (meta.get('format') ?? '').toLowerCase();
    const tileType = MB_FORMATS[format];
    if (!tileType) throw new InvalidRequestError(`"${file}" holds tiles in a format this app cannot draw ("${format || 'none given'}"); pbf, png, jpg and webp are supported.`);
    const range = db.prepare('SELECT MIN(zoom_level) AS lo, MAX(zoom_level) AS hi FROM tiles').get() as { lo: number | null; hi: number | null };
    if (range.lo === null || range.hi === null) throw new InvalidRequestError(`"${file}" is an MBTiles map with no tiles in it.`);
    let layers: string[] = [];
    try {
      layers = vectorLayerNames(JSON.parse(meta.get('json') ?? 'null'));
    } catch {
      layers = [];
    }
    const bounds = (meta.get('bounds') ?? '').split(',').map(Number);
    return {
      ...base,
      name: meta.get('name')?.trim().slice(0, 200) || path.basename(file),
      container: 'mbtiles',
      tileType,
      minZoom: zoom(meta.get('minzoom'), range.lo),
      maxZoom: zoom(meta.get('maxzoom'), range.hi),
      bounds: bounds.length === 4 ? clampBounds(bounds) : WORLD,
      layers: tileType === 'mvt' ? layers : [],
    };
  } catch (err) {
    if (err instanceof InvalidRequestError) throw err;
    throw new InvalidRequestError(`"${file}" is not a readable MBTiles map: ${(err as Error).message}`);
  } finally {
    db.close();
  }
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  return 'a device or special file';
}

/** What a typed path holds, checked as an import path is: full path ("~" expanded), a readable regular file, decided by its first bytes. */
export async function inspectMapFile(input: string, id = randomBytes(8).toString('hex')): Promise<Stored> {
  const expanded = expandHome(input);
  if (!expanded) throw new InvalidRequestError('Give the path of a PMTiles or MBTiles file.');
  if (!path.isAbsolute(expanded)) throw new InvalidRequestError(`Give the full path of the map file ("${input}" is relative).`);
  const file = path.resolve(expanded);
  let st: Stats;
  try {
    st = await fs.stat(file);
  } catch (err) {
    throw new InvalidRequestError(`Cannot read "${file}": ${describeFsError(err)}`);
  }
  if (!st.isFile()) throw new InvalidRequestError(`"${file}" is ${kindOf(st)}, not a PMTiles or MBTiles file.`);
  let head: Buffer;
  try {
    const h = await fs.open(file, 'r');
    try {
      head = Buffer.alloc(16);
      const { bytesRead } = await h.read(head, 0, 16, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await h.close();
    }
  } catch (err) {
    throw new InvalidRequestError(`Cannot read "${file}": ${describeFsError(err)}`);
  }
  const base = { id, path: file };
  if (head.subarray(0, 7).equals(PMTILES_MAGIC)) {
    if (head[7] !== 3) throw new InvalidRequestError(`"${file}" is a PMTiles file of version ${head[7]}; only version 3 is supported (convert it with "pmtiles convert").`);
    return inspectPmtiles(file, base);
  }
  if (head.subarray(0, 2).toString('latin1') === 'PM') throw new InvalidRequestError(`"${file}" is an old PMTiles file (version 2); convert it to version 3 with "pmtiles convert".`);
  if (head.equals(SQLITE_MAGIC)) return inspectMbtiles(file, base);
  throw new InvalidRequestError(`"${file}" is not a PMTiles or MBTiles map (its contents are neither). Add a .pmtiles file (e.g. a Protomaps extract) or an .mbtiles file.`);
}

export async function addOfflineMap(db: Db, input: string): Promise<OfflineMap> {
  const map = await inspectMapFile(input);
  const list = readList(db);
  const same = list.find((m) => m.path === map.path);
  if (same) throw new ConflictError(`"${map.path}" is already added (as "${same.name}").`);
  writeList(db, [...list, map]);
  return { ...map, present: true };
}

export function removeOfflineMap(db: Db, id: string): boolean {
  const list = readList(db);
  const gone = list.find((m) => m.id === id);
  if (!gone) return false;
  writeList(db, list.filter((m) => m.id !== id));
  closeMbtiles(gone.path);
  return true;
}

// ---- Serving ----

export interface MapReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer | null;
}

const text = (status: number, message: string, extra: Record<string, string> = {}): MapReply => ({
  status,
  headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra },
  body: Buffer.from(message),
});

const TILE_TYPES: Record<Stored['tileType'], string> = { mvt: 'application/x-protobuf', png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' };

/** Open read-only connections to MBTiles files, by path (a few maps at most). */
const mbtiles = new Map<string, { db: Db; tile: BetterSqlite3.Statement; mtimeMs: number }>();

function closeMbtiles(file: string): void {
  const open = mbtiles.get(file);
  if (!open) return;
  mbtiles.delete(file);
  open.db.close();
}

async function mbtilesTile(file: string, z: number, x: number, y: number): Promise<Buffer | null> {
  const st = await fs.stat(file);
  let open = mbtiles.get(file);
  if (open && open.mtimeMs !== st.mtimeMs) {
    closeMbtiles(file);
    open = undefined;
  }
  if (!open) {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    open = { db, tile: db.prepare('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?'), mtimeMs: st.mtimeMs };
    mbtiles.set(file, open);
  }
  // MBTiles rows count from the south (TMS); the renderer asks in XYZ, rows from the north.
  const row = open.tile.get(z, x, 2 ** z - 1 - y) as { tile_data: Buffer } | undefined;
  return row?.tile_data ?? null;
}

/**
 * The answer to a request for map bytes. `parts` are the URL's segments after the map route:
 * [id] for a PMTiles file (a Range header is required: "bytes=start-end") or [id, z, x, y] for an
 * MBTiles tile. Unknown ids, missing files and malformed requests get 4xx answers, never a path.
 */
export async function serveOfflineMap(db: Db, parts: string[], range: string | undefined): Promise<MapReply> {
  const map = readList(db).find((m) => m.id === parts[0]);
  if (!map) return text(404, 'No such map.');
  if (!(await isPresent(map.path))) return text(404, 'The map file is no longer where it was added from.');
  if (map.container === 'pmtiles') {
    if (parts.length !== 1) return text(404, 'Not found.');
    const size = (await fs.stat(map.path)).size;
    const m = /^bytes=(\d{1,15})-(\d{0,15})$/.exec(range ?? '');
    if (!m) return text(416, 'Ask for one byte range (Range: bytes=start-end).', { 'Content-Range': `bytes */${size}` });
    const start = Number(m[1]);
    const end = Math.min(m[2] ? Number(m[2]) : size - 1, size - 1);
    if (start > end || end - start + 1 > MAX_RANGE) return text(416, 'Range not satisfiable.', { 'Content-Range': `bytes */${size}` });
    const h = await fs.open(map.path, 'r');
    try {
      const body = Buffer.alloc(end - start + 1);
      const { bytesRead } = await h.read(body, 0, body.length, start);
      return {
        status: 206,
        headers: {
          'Content-Type': 'application/octet-stream',
          'Content-Range': `bytes ${start}-${start + bytesRead - 1}/${size}`,
          'Accept-Ranges': 'bytes',
          'Cache-Control': 'no-cache',
        },
        body: body.subarray(0, bytesRead),
      };
    } finally {
      await h.close();
    }
  }
  if (parts.length !== 4 || !parts.slice(1).every((p) => /^\d{1,8}$/.test(p))) return text(404, 'Not found.');
  const [z, x, y] = parts.slice(1).map(Number) as [number, number, number];
  if (z > 30 || x >= 2 ** z || y >= 2 ** z) return text(404, 'Not found.');
  let data: Buffer | null;
  try {
    data = await mbtilesTile(map.path, z, x, y);
  } catch (err) {
    return text(500, `The map file cannot be read: ${(err as Error).message}`);
  }
  // No tile there: an empty answer, which the map draws as nothing (the world basemap shows through).
  if (!data) return { status: 204, headers: { 'Cache-Control': 'no-cache' }, body: null };
  // Vector MBTiles are usually gzipped: unpacked here, so neither host depends on Content-Encoding.
  if (data[0] === 0x1f && data[1] === 0x8b) data = zlib.gunzipSync(data, { maxOutputLength: MAX_RANGE });
  return { status: 200, headers: { 'Content-Type': TILE_TYPES[map.tileType], 'Cache-Control': 'no-cache' }, body: data };
}
