// The map beyond browsing, in Chromium against the real browser host: a point's thumbnail on hover,
// Shift+drag draws a box without selecting any page text, and "Set position" places the grid's
// selected photo where the map is clicked, as an ordinary batch edit that Ctrl+Z undoes. No request
// leaves the app's own origin.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoSummary } from '../../shared/api';
import { callApi, importWithCli } from '../helpers/batch-archive';
import { screenshots } from '../helpers/e2e-shots';
import { CAMERAS, copyFixtures } from '../helpers/fixtures';
import { CHROMIUM, CHROMIUM_ARGS, startHostProcess, type RunningHost } from '../helpers/web-host-process';

const photosDir = copyFixtures(['gps__DSCN0010.jpg', 'Kodak_CX7530.jpg', 'Canon_40D.jpg'].map((f) => path.join(CAMERAS, f)));
let browser: Browser;
let host: RunningHost;
let page: Page;
let photos: PhotoSummary[];
const requests: string[] = [];
const shot = screenshots('map-place', () => page);
const byName = (name: string) => photos.find((p) => p.fileName === name)!;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  host = await startHostProcess(importWithCli(photosDir));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(host.url);
  await page.locator('.tile img').first().waitFor();
  photos = await callApi(page, 'listPhotos', {});
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('map: hover, Shift+drag, set position', () => {
  it('shows a photo thumbnail when the pointer is over its point', async () => {
    await page.getByRole('button', { name: 'Map', exact: true }).click();
    const marker = page.locator(`.map-marker[data-photo-id="${byName('gps__DSCN0010.jpg').id}"]`);
    await marker.waitFor();
    await marker.hover();
    const card = page.locator(`.map-hover[data-photo-id="${byName('gps__DSCN0010.jpg').id}"]`);
    await card.waitFor();
    await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('.map-hover img')?.naturalWidth ?? 0) > 0);
    expect(await card.innerText()).toBe('gps__DSCN0010.jpg');
    await shot('1280-hover');
    await page.mouse.move(5, 700);
    await card.waitFor({ state: 'detached' });
  });

  it('Shift+drag draws a box and selects no text on the page', async () => {
    const svg = (await page.locator('.map-svg').boundingBox())!;
    // Start from a click on the sidebar's text, as a user might have done before, and let the box
    // stray over text on the way (the pointer is captured, the browser's selection is not).
    await page.getByText('No albums or saved searches yet.').click();
    await page.keyboard.down('Shift');
    await page.mouse.move(svg.x + 300, svg.y + 200);
    await page.mouse.down();
    await page.mouse.move(svg.x + 500, svg.y + 300, { steps: 8 });
    await page.mouse.move(svg.x - 150, svg.y - 60, { steps: 8 });
    expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('');
    await page.mouse.up();
    await page.keyboard.up('Shift');
    expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('');
    await page.getByRole('button', { name: 'Clear box' }).click();
  });

  it('places the selected photo where the map is clicked, undoably', async () => {
    const canon = byName('Canon_40D.jpg');
    await page.getByRole('button', { name: 'Grid', exact: true }).click();
    await page.locator(`.tile[title="Canon_40D.jpg"]`).click();
    await page.getByRole('button', { name: 'Map', exact: true }).click();
    await page.locator('.map-svg').waitFor();
    await page.getByRole('button', { name: 'Set position' }).click();
    const svg = (await page.locator('.map-svg').boundingBox())!;
    const at = { x: Math.round(svg.x + svg.width * 0.55), y: Math.round(svg.y + svg.height * 0.4) };
    // Where that pixel is, by the map's own transform (Web Mercator: one unit per degree of longitude,
    // y = minus the Mercator ordinate in the same units).
    const expected = await page.evaluate(([x, y]) => {
      const g = document.querySelector('.map-world')!.getAttribute('transform')!;
      const [tx, ty, k] = /translate\(([-\d.e]+) ([-\d.e]+)\) scale\(([-\d.e]+)\)/.exec(g)!.slice(1).map(Number) as [number, number, number];
      const r = document.querySelector('.map-svg')!.getBoundingClientRect();
      const my = (y - r.top - ty) / k;
      return { lon: (x - r.left - tx) / k, lat: ((2 * Math.atan(Math.exp((-my * Math.PI) / 180)) - Math.PI / 2) * 180) / Math.PI };
    }, [at.x, at.y] as const);
    await page.mouse.click(at.x, at.y);
    await page.getByText(/Placed 1 photo at/).waitFor();
    await expect.poll(async () => (await callApi(page, 'getAnnotations', { photoId: canon.id })).meta.lat).not.toBeNull();
    const meta = (await callApi(page, 'getAnnotations', { photoId: canon.id })).meta;
    expect(Number(meta.lat)).toBeCloseTo(expected.lat, 4);
    expect(Number(meta.lon)).toBeCloseTo(expected.lon, 4);
    await page.locator(`.map-marker[data-photo-id="${canon.id}"]`).waitFor();
    await shot('1280-placed');
    // An ordinary edit: the history has it and Ctrl+Z takes it back.
    const history = await callApi(page, 'getHistory', { photoId: canon.id });
    expect(JSON.stringify(history)).toContain('lat');
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await callApi(page, 'getAnnotations', { photoId: canon.id })).meta.lat ?? null).toBeNull();
    await page.locator(`.map-marker[data-photo-id="${canon.id}"]`).waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 1440, height: 900 });
    await shot('1440-map');
    const origin = new URL(host.url).origin;
    expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:'))).toEqual([]);
  });
});
