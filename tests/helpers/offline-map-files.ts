// Small street maps made in the test, with no network: a street grid around a point (earth, a river,
// roads and building blocks in the Protomaps layer schema), cut into Mapbox vector tiles with
// MapLibre's own geojson-vt and vt-pbf, and written as a PMTiles v3 archive (by the published
// specification: a 127-byte header, a root directory of varint-coded entries, JSON metadata, then
// the tile data) or as an MBTiles SQLite file (TMS rows, gzipped tiles as tippecanoe writes them).
// A raster MBTiles file of PNG tiles is made with sharp.
import fs from 'node:fs';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { geoJSONToTile } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { zxyToTileId } from 'pmtiles';
import sharp from 'sharp';
import type { Feature, FeatureCollection, Polygon } from 'geojson';

export interface Area {
  lon: number;
  lat: number;
  /** Half the side of the square, in degrees. */
  half: number;
}

export interface Tile {
  z: number;
  x: number;
  y: number;
  data: Buffer;
}

/** The XYZ tiles (rows from the north) covering an area at zoom z. */
export function tilesCovering(a: Area, z: number): Array<{ z: number; x: number; y: number }> {
  const n = 2 ** z;
  const tx = (lon: number) => Math.floor(((lon + 180) / 360) * n);
  const ty = (lat: number) => {
    const φ = (lat * Math.PI) / 180;
    return Math.floor(((1 - Math.log(Math.tan(φ) + 1 / Math.cos(φ)) / Math.PI) / 2) * n);
  };
  const out = [];
  for (let x = tx(a.lon - a.half); x <= tx(a.lon + a.half); x++) for (let y = ty(a.lat + a.half); y <= ty(a.lat - a.half); y++) out.push({ z, x, y });
  return out;
}

const square = (w: number, s: number, e: number, n: number, properties: Record<string, string>): Feature<Polygon> => ({
  type: 'Feature',
  properties,
  geometry: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
});

/** The street grid's layers: streets every `step` degrees, a river across the middle, blocks between streets. */
export function streetGrid(a: Area, step = 0.002): Record<string, FeatureCollection> {
  const w = a.lon - a.half;
  const e = a.lon + a.half;
  const s = a.lat - a.half;
  const n = a.lat + a.half;
  const roads: Feature[] = [];
  const buildings: Feature[] = [];
  for (let i = 0, lon = w; lon <= e + 1e-9; i++, lon += step) {
    roads.push({ type: 'Feature', properties: { kind: i % 5 === 0 ? 'major_road' : 'minor_road', kind_detail: 'residential' }, geometry: { type: 'LineString', coordinates: [[lon, s], [lon, n]] } });
  }
  for (let i = 0, lat = s; lat <= n + 1e-9; i++, lat += step) {
    roads.push({ type: 'Feature', properties: { kind: i % 5 === 0 ? 'major_road' : 'minor_road', kind_detail: 'residential' }, geometry: { type: 'LineString', coordinates: [[w, lat], [e, lat]] } });
  }
  const m = step * 0.2;
  for (let lon = w; lon + step <= e + 1e-9; lon += step) {
    for (let lat = s; lat + step <= n + 1e-9; lat += step) buildings.push(square(lon + m, lat + m, lon + step - m, lat + step - m, { kind: 'building' }));
  }
  const mid = riverPoint(a, step).lat;
  const river = square(w, mid - step * 0.35, e, mid + step * 0.35, { kind: 'river' });
  return {
    earth: { type: 'FeatureCollection', features: [square(w, s, e, n, { kind: 'earth' })] },
    water: { type: 'FeatureCollection', features: [river] },
    buildings: { type: 'FeatureCollection', features: buildings.filter((b) => !overlapsRiver(b as Feature<Polygon>, a, step)) },
    roads: { type: 'FeatureCollection', features: roads },
  };
}

/** A point in the middle of the river, between two streets (no road runs through it). */
export function riverPoint(a: Area, step = 0.002): { lat: number; lon: number } {
  return { lat: a.lat + step / 2, lon: a.lon + step / 2 };
}

function overlapsRiver(b: Feature<Polygon>, a: Area, step: number): boolean {
  const mid = riverPoint(a, step).lat;
  const lats = b.geometry.coordinates[0]!.map((c) => c[1]!);
  return Math.min(...lats) < mid + step * 0.35 && Math.max(...lats) > mid - step * 0.35;
}

/** Vector tiles (MVT, uncompressed) of these layers for zooms minZ..maxZ over the area. */
export function vectorTiles(a: Area, layers: Record<string, FeatureCollection>, minZ: number, maxZ: number): Tile[] {
  const tiles: Tile[] = [];
  for (let z = minZ; z <= maxZ; z++) {
    for (const t of tilesCovering(a, z)) {
      const parts = Object.fromEntries(Object.entries(layers).map(([name, fc]) => [name, geoJSONToTile(fc, t.z, t.x, t.y, { extent: 4096, buffer: 64, clip: true })]));
      tiles.push({ ...t, data: Buffer.from(fromGeojsonVt(parts, { version: 2, extent: 4096 })) });
    }
  }
  return tiles;
}

/** PNG tiles of one colour with a lighter grid, 256 px (raster maps). */
export async function rasterTiles(a: Area, minZ: number, maxZ: number, colour = '#2f6f4f'): Promise<Tile[]> {
  const grid = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" fill="${colour}"/>` +
      [32, 96, 160, 224].map((v) => `<path d="M${v} 0V256M0 ${v}H256" stroke="#d8e8d0" stroke-width="6"/>`).join('') +
      '</svg>',
  );
  const png = await sharp(grid).png().toBuffer();
  const tiles: Tile[] = [];
  for (let z = minZ; z <= maxZ; z++) for (const t of tilesCovering(a, z)) tiles.push({ ...t, data: png });
  return tiles;
}

function varint(out: number[], v: number): void {
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** A PMTiles v3 archive: every tile in the root directory, no compression of directories or tiles. */
export function writePmtiles(file: string, tiles: Tile[], opts: { tileType: 1 | 2; bounds: [number, number, number, number]; metadata: object }): void {
  const entries = tiles.map((t) => ({ id: zxyToTileId(t.z, t.x, t.y), data: t.data })).sort((p, q) => p.id - q.id);
  let offset = 0;
  const placed = entries.map((e) => {
    const r = { id: e.id, offset, length: e.data.length };
    offset += e.data.length;
    return r;
  });
  // Directory: count, then tile id deltas, run lengths, lengths, offsets (0 = right after the previous).
  const dir: number[] = [];
  varint(dir, placed.length);
  let last = 0;
  for (const p of placed) {
    varint(dir, p.id - last);
    last = p.id;
  }
  for (let i = 0; i < placed.length; i++) varint(dir, 1);
  for (const p of placed) varint(dir, p.length);
  placed.forEach((p, i) => varint(dir, i > 0 && p.offset === placed[i - 1]!.offset + placed[i - 1]!.length ? 0 : p.offset + 1));
  const root = Buffer.from(dir);
  const meta = Buffer.from(JSON.stringify(opts.metadata));
  const data = Buffer.concat(entries.map((e) => e.data));
  const h = Buffer.alloc(127);
  h.write('PMTiles', 0, 'latin1');
  h.writeUInt8(3, 7);
  const u64 = (at: number, v: number) => h.writeBigUInt64LE(BigInt(v), at);
  const rootOff = 127;
  const metaOff = rootOff + root.length;
  const dataOff = metaOff + meta.length;
  u64(8, rootOff);
  u64(16, root.length);
  u64(24, metaOff);
  u64(32, meta.length);
  u64(40, dataOff); // leaf directories: none
  u64(48, 0);
  u64(56, dataOff);
  u64(64, data.length);
  u64(72, entries.length); // addressed tiles
  u64(80, entries.length); // tile entries
  u64(88, entries.length); // tile contents
  h.writeUInt8(1, 96); // clustered
  h.writeUInt8(1, 97); // internal compression: none
  h.writeUInt8(1, 98); // tile compression: none
  h.writeUInt8(opts.tileType, 99);
  const zooms = tiles.map((t) => t.z);
  h.writeUInt8(Math.min(...zooms), 100);
  h.writeUInt8(Math.max(...zooms), 101);
  const [w, s, e, n] = opts.bounds;
  h.writeInt32LE(Math.round(w * 1e7), 102);
  h.writeInt32LE(Math.round(s * 1e7), 106);
  h.writeInt32LE(Math.round(e * 1e7), 110);
  h.writeInt32LE(Math.round(n * 1e7), 114);
  h.writeUInt8(Math.max(...zooms), 118);
  h.writeInt32LE(Math.round(((w + e) / 2) * 1e7), 119);
  h.writeInt32LE(Math.round(((s + n) / 2) * 1e7), 123);
  fs.writeFileSync(file, Buffer.concat([h, root, meta, data]));
}

/** An MBTiles file: tiles stored with TMS rows (counted from the south); vector tiles gzipped. */
export function writeMbtiles(file: string, tiles: Tile[], meta: Record<string, string>): void {
  const db = new Database(file);
  db.exec('CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB); CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);');
  const putMeta = db.prepare('INSERT INTO metadata VALUES (?, ?)');
  for (const [k, v] of Object.entries(meta)) putMeta.run(k, v);
  const put = db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)');
  const gzip = meta.format === 'pbf';
  db.transaction(() => {
    for (const t of tiles) put.run(t.z, t.x, 2 ** t.z - 1 - t.y, gzip ? zlib.gzipSync(t.data) : t.data);
  })();
  db.close();
}
