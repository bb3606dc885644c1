// Offline street maps in Chromium against the real browser host: a PMTiles street grid made in the
// test (no network) is added from the map's Layers menu, an MBTiles map from Settings; zoomed to
// street level, MapLibre draws the streets under the markers, exactly where they belong (a photo
// placed on the grid's river sits on the drawn river), hover and the box still work, a file that is
// not a map gets a clear error, and no request ever leaves 127.0.0.1.
import fs from 'node:fs';
import path from 'node:path';
import { namedFlavor } from '@protomaps/basemaps';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoSummary } from '../../shared/api';
import { callApi, importWithCli } from '../helpers/batch-archive';
import { CAMERAS, copyFixtures, tempDir } from '../helpers/fixtures';
import { rasterTiles, riverPoint, streetGrid, vectorTiles, writeMbtiles, writePmtiles, type Area } from '../helpers/offline-map-files';
import { CHROMIUM, CHROMIUM_ARGS, startHostProcess, type RunningHost } from '../helpers/web-host-process';
import { screenshots } from '../helpers/e2e-shots';

const KYIV: Area = { lon: 30.5234, lat: 50.4501, half: 0.01 };
const ROME: Area = { lon: 12.4964, lat: 41.9028, half: 0.01 };
const photosDir = copyFixtures(['Canon_40D.jpg', 'Nikon_D70.jpg', 'gps__DSCN0010.jpg'].map((f) => path.join(CAMERAS, f)));
const mapsDir = tempDir('street-maps-');

let browser: Browser;
let host: RunningHost;
let page: Page;
let photos: PhotoSummary[];
const requests: string[] = [];
const shot = screenshots('map-street', () => page);
const byName = (name: string) => photos.find((p) => p.fileName === name)!;

function hex(c: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c)!;
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}
const LAND = hex('#2b3138'); // the world basemap's land (map.css .map-land)
const WATER = hex(namedFlavor('dark').water);

/** The map area's pixels (no toolbar), as the user sees them. */
async function mapPixels(): Promise<{ data: Buffer; width: number; height: number; box: { x: number; y: number } }> {
  const box = (await page.locator('.map-canvas').boundingBox())!;
  const png = await page.screenshot({ clip: box });
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, box };
}
/** The share of pixels of this colour, in the whole map area or in a rectangle of it. */
function share(px: { data: Buffer; width: number; height: number }, rgb: [number, number, number], r = { x0: 0, y0: 0, x1: px.width, y1: px.height }): number {
  let n = 0;
  let all = 0;
  for (let y = Math.max(0, Math.round(r.y0)); y < Math.min(px.height, Math.round(r.y1)); y++) {
    for (let x = Math.max(0, Math.round(r.x0)); x < Math.min(px.width, Math.round(r.x1)); x++) {
      const i = (y * px.width + x) * 3;
      all++;
      if (Math.abs(px.data[i]! - rgb[0]) + Math.abs(px.data[i + 1]! - rgb[1]) + Math.abs(px.data[i + 2]! - rgb[2]) <= 6) n++;
    }
  }
  return n / all;
}
function pixel(px: { data: Buffer; width: number }, x: number, y: number): [number, number, number] {
  const i = (Math.round(y) * px.width + Math.round(x)) * 3;
  return [px.data[i]!, px.data[i + 1]!, px.data[i + 2]!];
}
const near = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]!) <= 6);

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  const bounds: [number, number, number, number] = [KYIV.lon - KYIV.half, KYIV.lat - KYIV.half, KYIV.lon + KYIV.half, KYIV.lat + KYIV.half];
  const layers = ['earth', 'water', 'buildings', 'roads'].map((id) => ({ id, fields: {} }));
  writePmtiles(path.join(mapsDir, 'kyiv.pmtiles'), vectorTiles(KYIV, streetGrid(KYIV), 12, 15), { tileType: 1, bounds, metadata: { name: 'Kyiv centre', vector_layers: layers } });
  writeMbtiles(path.join(mapsDir, 'rome.mbtiles'), await rasterTiles(ROME, 10, 14), { name: 'Rome raster', format: 'png', bounds: [ROME.lon - ROME.half, ROME.lat - ROME.half, ROME.lon + ROME.half, ROME.lat + ROME.half].join(',') });
  fs.writeFileSync(path.join(mapsDir, 'streets.txt'), 'Khreshchatyk, Volodymyrska, Sahaidachnoho');

  host = await startHostProcess(importWithCli(photosDir));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(host.url);
  await page.locator('.tile img').first().waitFor();
  photos = await callApi(page, 'listPhotos', {});
  // One photo taken on the street grid's river, in the middle of the map file.
  const river = riverPoint(KYIV);
  await callApi(page, 'applyBatch', { photoIds: [byName('Canon_40D.jpg').id], fields: { lat: river.lat.toFixed(6), lon: river.lon.toFixed(6) } });
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('offline street maps on the map', () => {
  it('refuses a file that is not a map, then adds a PMTiles extract from the Layers menu', async () => {
    await page.getByRole('button', { name: 'Map', exact: true }).click();
    await page.locator('.map-land').waitFor();
    await page.getByRole('button', { name: 'Layers' }).click();
    const menu = page.getByRole('dialog', { name: 'Map layers' });
    await menu.getByText('No street maps yet').waitFor();
    await menu.getByLabel('Map file path').fill(path.join(mapsDir, 'streets.txt'));
    await menu.getByRole('button', { name: 'Add map' }).click();
    await expect.poll(() => menu.getByRole('alert').innerText()).toMatch(/streets\.txt" is not a PMTiles or MBTiles map/);
    await menu.getByLabel('Map file path').fill(path.join(mapsDir, 'kyiv.pmtiles'));
    await menu.getByRole('button', { name: 'Add map' }).click();
    await menu.getByText('Kyiv centre', { exact: true }).waitFor();
    await menu.getByText('PMTiles, vector tiles, zoom 12–15').waitFor();
    expect(await menu.getByRole('alert').count()).toBe(0);
    await shot('1280-layers-menu');
  });

  it('draws the streets at street level, under a marker that sits where it belongs', async () => {
    const menu = page.getByRole('dialog', { name: 'Map layers' });
    await menu.getByRole('button', { name: 'Zoom to' }).click();
    await page.locator('.map-street canvas').waitFor();
    const canon = page.locator(`.map-marker[data-photo-id="${byName('Canon_40D.jpg').id}"]`);
    await canon.waitFor();
    const box = (await page.locator('.map-canvas').boundingBox())!;
    const m = (await canon.boundingBox())!;
    const mx = m.x + m.width / 2 - box.x;
    const my = m.y + m.height / 2 - box.y;
    const around = { x0: mx - 120, y0: my - 120, x1: mx + 120, y1: my + 120 };
    // The streets replace the plain world land around the photo once their tiles are drawn...
    await expect.poll(async () => share(await mapPixels(), LAND, around), { timeout: 90_000 }).toBeLessThan(0.02);
    const px = await mapPixels();
    expect(share(px, WATER, around)).toBeGreaterThan(0.02);
    // ...and the world basemap still shows where the user's map ends (the extract is 0.02° wide).
    expect(share(px, LAND, { x0: 0, y0: 0, x1: 100, y1: px.height })).toBeGreaterThan(0.9);
    // The photo was placed in the river between two streets: the river is drawn right around its marker.
    expect(near(pixel(px, mx - 10, my), WATER)).toBe(true);
    expect(near(pixel(px, mx + 10, my), WATER)).toBe(true);
    expect(near(pixel(px, mx, my + 10), WATER)).toBe(true);
    expect(near(pixel(px, mx, my - 150), WATER)).toBe(false);
    await page.getByText('Street map: Kyiv centre').waitFor();
    await shot('1280-street-level');
    // Closer still (beyond the file's zoom 15): the tiles are overzoomed, not lost.
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(async () => share(await mapPixels(), LAND), { timeout: 90_000 }).toBeLessThan(0.02);
    await shot('1280-street-closer');
  }, 300_000);

  it('keeps hover thumbnails and the Shift+drag box working over the street map, selecting no text', { timeout: 300_000 }, async () => {
    await page.getByRole('button', { name: 'Fit photos' }).click();
    const canonId = byName('Canon_40D.jpg').id;
    // Back at street level around the photo.
    await page.getByRole('button', { name: 'Layers' }).click();
    await page.getByRole('dialog', { name: 'Map layers' }).getByRole('button', { name: 'Zoom to' }).click();
    const canon = page.locator(`.map-marker[data-photo-id="${canonId}"]`);
    await canon.waitFor();
    const c = (await canon.boundingBox())!;
    await page.mouse.move(c.x + c.width / 2, c.y + c.height / 2, { steps: 3 });
    await page.locator(`.map-hover[data-photo-id="${canonId}"]`).waitFor();
    await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('.map-hover img')?.naturalWidth ?? 0) > 0);
    const m = (await canon.boundingBox())!;
    await page.mouse.move(5, 700);
    await page.keyboard.down('Shift');
    await page.mouse.move(m.x - 60, m.y - 60);
    await page.mouse.down();
    // Across the toolbar's words on the way, then back down to close the box around the marker.
    await page.mouse.move(m.x + 40, 20, { steps: 6 });
    await page.mouse.move(m.x + 80, m.y + 80, { steps: 6 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('');
    await page.getByText('2 geotagged photos, 1 in the box').waitFor();
    await page.getByRole('button', { name: 'Clear box' }).click();
  });

  it('adds an MBTiles map in Settings, shows it in the Layers menu, and removes it there', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    const section = dialog.getByRole('region', { name: 'Offline maps' });
    await section.getByText('Kyiv centre', { exact: true }).waitFor();
    await section.getByLabel('Map file path').fill(path.join(mapsDir, 'rome.mbtiles'));
    await section.getByRole('button', { name: 'Add map' }).click();
    await section.getByText('MBTiles, PNG tiles, zoom 10–14').waitFor();
    await section.scrollIntoViewIfNeeded();
    await shot('1280-settings');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Layers (2)' }).click();
    const menu = page.getByRole('dialog', { name: 'Map layers' });
    await menu.getByRole('button', { name: 'Zoom to' }).nth(1).click();
    // The raster tiles (green with light lines) are drawn over Rome.
    await expect.poll(async () => share(await mapPixels(), hex('#2f6f4f')), { timeout: 90_000 }).toBeGreaterThan(0.3);
    await shot('1280-raster');
    await page.getByRole('button', { name: 'Layers (2)' }).click();
    await page.getByRole('button', { name: 'Remove Rome raster' }).click();
    await page.getByRole('button', { name: 'Layers (1)' }).waitFor();
    expect((await callApi(page, 'listOfflineMaps', {})).map((m) => m.name)).toEqual(['Kyiv centre']);
    // Without its street map the area is plain basemap land again.
    await expect.poll(async () => share(await mapPixels(), hex('#2f6f4f')), { timeout: 90_000 }).toBeLessThan(0.01);
  }, 300_000);

  it('sent no request anywhere but the local host', () => {
    const origin = new URL(host.url).origin;
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((u) => u.startsWith(`${origin}/maps/`)).length).toBeGreaterThan(0);
    expect(requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
  });
});
