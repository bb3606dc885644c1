// Offline street maps through the real browser host: a PMTiles and two MBTiles files made in the
// test are added by path, checked, listed per archive (kept across a restart), served by opaque id
// (PMTiles by byte range, read back by the pmtiles library itself; MBTiles by z/x/y with the TMS row
// flip) and removed; files that are not maps are refused with a clear reason.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { FetchSource, PMTiles, TileType } from 'pmtiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfflineMap } from '../../shared/api';
import { startWebHost, type WebHost } from '../../electron/web/server';
import { CAMERAS, tempDir } from '../helpers/fixtures';
import { rasterTiles, streetGrid, vectorTiles, writeMbtiles, writePmtiles, type Area, type Tile } from '../helpers/offline-map-files';

const KYIV: Area = { lon: 30.5234, lat: 50.4501, half: 0.01 };
const ROME: Area = { lon: 12.4964, lat: 41.9028, half: 0.01 };
let host: WebHost;
let archiveDir: string;
let rendererDir: string;
let dir: string;
let vector: Tile[];
let raster: Tile[];

const get = (url: string, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${host.port}${url}`, { headers: { Authorization: `Bearer ${host.token}`, ...headers } });
const post = (method: string, body: unknown) =>
  fetch(`http://127.0.0.1:${host.port}/api/${method}`, { method: 'POST', headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  dir = tempDir('maps-');
  vector = vectorTiles(KYIV, streetGrid(KYIV), 12, 15);
  raster = await rasterTiles(ROME, 10, 13);
  const bounds: [number, number, number, number] = [KYIV.lon - KYIV.half, KYIV.lat - KYIV.half, KYIV.lon + KYIV.half, KYIV.lat + KYIV.half];
  writePmtiles(path.join(dir, 'kyiv.pmtiles'), vector, { tileType: 1, bounds, metadata: { name: 'Kyiv centre', vector_layers: ['earth', 'water', 'buildings', 'roads'].map((id) => ({ id, fields: {} })) } });
  writeMbtiles(path.join(dir, 'kyiv.mbtiles'), vector, {
    name: 'Kyiv (MBTiles)',
    format: 'pbf',
    minzoom: '12',
    maxzoom: '15',
    bounds: bounds.join(','),
    json: JSON.stringify({ vector_layers: [{ id: 'roads' }, { id: 'earth' }] }),
  });
  writeMbtiles(path.join(dir, 'rome.mbtiles'), raster, { name: 'Rome raster', format: 'png', bounds: [ROME.lon - ROME.half, ROME.lat - ROME.half, ROME.lon + ROME.half, ROME.lat + ROME.half].join(',') });
  rendererDir = tempDir('maps-web-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  archiveDir = tempDir('maps-archive-');
  host = await startWebHost({ archiveDir, rendererDir });
});
afterAll(async () => {
  await host?.close();
});

describe('offline street maps', () => {
  let pm: OfflineMap;
  let mbVector: OfflineMap;
  let mbRaster: OfflineMap;

  it('adds a PMTiles file and tells what it holds', async () => {
    pm = await host.session.api.addOfflineMap({ path: path.join(dir, 'kyiv.pmtiles') });
    expect(pm).toMatchObject({ name: 'Kyiv centre', container: 'pmtiles', tileType: 'mvt', minZoom: 12, maxZoom: 15, present: true });
    expect(pm.layers).toEqual(['earth', 'water', 'buildings', 'roads']);
    expect(pm.bounds[0]).toBeCloseTo(KYIV.lon - KYIV.half, 6);
    expect(pm.bounds[3]).toBeCloseTo(KYIV.lat + KYIV.half, 6);
    expect(pm.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('serves the PMTiles file by byte range under its opaque id, as the pmtiles reader needs', async () => {
    const url = `http://127.0.0.1:${host.port}/maps/${pm.id}`;
    const reader = new PMTiles(new FetchSource(url, new Headers({ Authorization: `Bearer ${host.token}` })));
    const header = await reader.getHeader();
    expect(header.tileType).toBe(TileType.Mvt);
    expect([header.minZoom, header.maxZoom]).toEqual([12, 15]);
    for (const t of [vector[0]!, vector[vector.length - 1]!, vector[Math.floor(vector.length / 2)]!]) {
      const got = await reader.getZxy(t.z, t.x, t.y);
      expect(Buffer.from(got!.data).equals(t.data)).toBe(true);
    }
    const r = await get(`/maps/${pm.id}`, { Range: 'bytes=0-6' });
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe(`bytes 0-6/${fs.statSync(path.join(dir, 'kyiv.pmtiles')).size}`);
    expect(await r.text()).toBe('PMTiles');
    // Without a range, with a bad one or past the end: refused, never the whole file.
    expect((await get(`/maps/${pm.id}`)).status).toBe(416);
    expect((await get(`/maps/${pm.id}`, { Range: 'bytes=0-1,5-6' })).status).toBe(416);
    expect((await get(`/maps/${pm.id}`, { Range: 'bytes=99999999-' })).status).toBe(416);
  });

  it('serves MBTiles tiles by z/x/y (rows flipped from TMS), unzipped; an empty cell is 204', async () => {
    mbVector = await host.session.api.addOfflineMap({ path: path.join(dir, 'kyiv.mbtiles') });
    expect(mbVector).toMatchObject({ name: 'Kyiv (MBTiles)', container: 'mbtiles', tileType: 'mvt', minZoom: 12, maxZoom: 15, layers: ['roads', 'earth'] });
    // A tile whose TMS row differs from its XYZ row: only the flipped lookup finds it.
    const t = vector.find((v) => v.z === 14)!;
    expect(2 ** t.z - 1 - t.y).not.toBe(t.y);
    const r = await get(`/maps/${mbVector.id}/${t.z}/${t.x}/${t.y}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/x-protobuf');
    expect(Buffer.from(await r.arrayBuffer()).equals(t.data)).toBe(true);
    expect((await get(`/maps/${mbVector.id}/${t.z}/${t.x}/${2 ** t.z - 1 - t.y}`)).status).toBe(204);
    expect((await get(`/maps/${mbVector.id}/3/9/1`)).status).toBe(404); // x beyond the zoom's 8 columns
    expect((await get(`/maps/${mbVector.id}/14/x/1`)).status).toBe(404);

    mbRaster = await host.session.api.addOfflineMap({ path: path.join(dir, 'rome.mbtiles') });
    expect(mbRaster).toMatchObject({ container: 'mbtiles', tileType: 'png', minZoom: 10, maxZoom: 13, layers: [] });
    const p = raster[0]!;
    const png = await get(`/maps/${mbRaster.id}/${p.z}/${p.x}/${p.y}`);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await png.arrayBuffer()).equals(p.data)).toBe(true);
  });

  it('refuses what is not a PMTiles or MBTiles map, with the reason, and adds nothing', async () => {
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'street names, not a map');
    fs.copyFileSync(path.join(CAMERAS, 'Canon_40D.jpg'), path.join(dir, 'photo.pmtiles'));
    const v2 = Buffer.alloc(512);
    v2.write('PM', 0, 'latin1');
    v2.writeUInt16LE(2, 2);
    fs.writeFileSync(path.join(dir, 'old.pmtiles'), v2);
    const other = new Database(path.join(dir, 'other.sqlite'));
    other.exec('CREATE TABLE things (a)');
    other.close();
    execFileSync('mkfifo', [path.join(dir, 'pipe.pmtiles')]);
    const cases: Array<[string, RegExp]> = [
      [path.join(dir, 'notes.txt'), /notes\.txt" is not a PMTiles or MBTiles map/],
      [path.join(dir, 'photo.pmtiles'), /photo\.pmtiles" is not a PMTiles or MBTiles map/],
      [path.join(dir, 'old.pmtiles'), /version 2.*pmtiles convert/],
      [path.join(dir, 'other.sqlite'), /SQLite database but not an MBTiles map/],
      [path.join(dir, 'pipe.pmtiles'), /pipe\.pmtiles" is a named pipe, not a PMTiles or MBTiles file/],
      [dir, /" is a folder, not a PMTiles or MBTiles file/],
      ['maps/kyiv.pmtiles', /Give the full path/],
      [path.join(dir, 'missing.pmtiles'), /^Cannot read "[^"]*missing\.pmtiles": no such file or folder$/],
    ];
    for (const [p, reason] of cases) {
      const r = await post('addOfflineMap', { path: p });
      expect(r.status, p).toBe(400);
      expect(((await r.json()) as { error: string }).error).toMatch(reason);
    }
    const again = await post('addOfflineMap', { path: path.join(dir, 'kyiv.pmtiles') });
    expect(again.status).toBe(409);
    expect((await host.session.api.listOfflineMaps({})).map((m) => m.name)).toEqual(['Kyiv centre', 'Kyiv (MBTiles)', 'Rome raster']);
  });

  it('answers only ids it knows, never a path', async () => {
    expect((await get('/maps/0123456789abcdef', { Range: 'bytes=0-6' })).status).toBe(404);
    expect((await get(`/maps/${encodeURIComponent(path.join(dir, 'kyiv.pmtiles'))}`, { Range: 'bytes=0-6' })).status).toBe(404);
    expect((await get(`/maps/..%2f..%2fetc%2fpasswd`, { Range: 'bytes=0-6' })).status).toBe(404);
    // Signed-out callers get nothing.
    expect((await fetch(`http://127.0.0.1:${host.port}/maps/${pm.id}`, { headers: { Range: 'bytes=0-6' } })).status).toBe(403);
  });

  it('keeps the list with the archive across a restart, marks a moved file missing, and removes', async () => {
    await host.close();
    host = await startWebHost({ archiveDir, rendererDir });
    fs.renameSync(path.join(dir, 'rome.mbtiles'), path.join(dir, 'rome-moved.mbtiles'));
    const list = await host.session.api.listOfflineMaps({});
    expect(list.map((m) => [m.id, m.present])).toEqual([
      [pm.id, true],
      [mbVector.id, true],
      [mbRaster.id, false],
    ]);
    expect((await get(`/maps/${mbRaster.id}/10/0/0`)).status).toBe(404);
    expect(await host.session.api.removeOfflineMap({ id: mbRaster.id })).toEqual({ removed: true });
    expect(await host.session.api.removeOfflineMap({ id: mbRaster.id })).toEqual({ removed: false });
    expect((await host.session.api.listOfflineMaps({})).map((m) => m.id)).toEqual([pm.id, mbVector.id]);
    // The map files were only read.
    expect(fs.readFileSync(path.join(dir, 'kyiv.pmtiles')).subarray(0, 7).toString()).toBe('PMTiles');
  });
});
