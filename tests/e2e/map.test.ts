// The map of geotagged photos, in Chromium against the real browser host and core: points for the
// photos whose files carry GPS (Kenya, Italy, Finland) on the bundled offline basemap, a point
// opens its photo, a drawn box filters the grid, and a position typed in by the user shows up.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoSummary } from '../../shared/api';
import { callApi, importWithCli } from '../helpers/batch-archive';
import { CAMERAS, copyFixtures } from '../helpers/fixtures';
import { CHROMIUM, CHROMIUM_ARGS, startHostProcess, type RunningHost } from '../helpers/web-host-process';
import { screenshots } from '../helpers/e2e-shots';

const GPS_FILES = ['Kodak_CX7530.jpg', 'gps__DSCN0010.jpg', 'mobile__HMD_Nokia_8.3_5G.jpg']; // Kenya, Italy, Finland
const OTHER_FILES = ['Canon_40D.jpg', 'Nikon_D70.jpg', 'Pentax_K10D.jpg'];
const photosDir = copyFixtures([...GPS_FILES, ...OTHER_FILES].map((f) => path.join(CAMERAS, f)));

let browser: Browser;
let host: RunningHost;
let page: Page;
let photos: PhotoSummary[];
const requests: string[] = [];

const byName = (name: string) => photos.find((p) => p.fileName === name)!;
const marker = (p: PhotoSummary) => page.locator(`.map-marker[data-photo-id="${p.id}"]`);
const shot = screenshots('map', () => page);

async function markerIds(): Promise<number[]> {
  const ids = await page.locator('.map-marker[data-photo-id]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-photo-id'))));
  return ids.sort((a, b) => a - b);
}
async function gridIds(): Promise<number[]> {
  const ids = await page.locator('.tile').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-photo-id'))));
  return ids.sort((a, b) => a - b);
}
const idsOf = (list: PhotoSummary[]) => list.map((p) => p.id).sort((a, b) => a - b);

async function centre(p: PhotoSummary): Promise<{ x: number; y: number }> {
  const b = (await marker(p).boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Drags a box with the mouse (Shift held when asked) from a to b. */
async function dragBox(a: { x: number; y: number }, b: { x: number; y: number }, shift: boolean): Promise<void> {
  if (shift) await page.keyboard.down('Shift');
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 5 });
  await page.mouse.up();
  if (shift) await page.keyboard.up('Shift');
}

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  const archive = importWithCli(photosDir);
  host = await startHostProcess(archive);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(host.url);
  await page.locator('.tile img').first().waitFor();
  photos = await callApi(page, 'listPhotos', {});
  expect(photos).toHaveLength(6);
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('map of geotagged photos', () => {
  it('shows a point for each photo with GPS, on the bundled basemap, with no outside requests', async () => {
    await page.getByRole('button', { name: 'Map', exact: true }).click();
    await expect.poll(markerIds).toEqual(idsOf(GPS_FILES.map(byName)));
    // Land is drawn (the Natural Earth outlines are in the app's own bundle).
    await page.locator('.map-land').waitFor();
    expect(((await page.locator('.map-land').getAttribute('d')) ?? '').length).toBeGreaterThan(10_000);
    await page.getByText('3 geotagged photos').waitFor();
    // Finland lies north of Italy, which lies north of Kenya (y grows downwards).
    const [ke, it_, fi] = await Promise.all(GPS_FILES.map((f) => centre(byName(f))));
    expect(fi!.y).toBeLessThan(it_!.y);
    expect(it_!.y).toBeLessThan(ke!.y);
    expect(fi!.x).toBeGreaterThan(it_!.x); // 24.9° E against 11.9° E
    const origin = new URL(host.url).origin;
    expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:'))).toEqual([]);
    await shot('1-points');
  });

  it('opens the photo when its point is clicked', async () => {
    await marker(byName('gps__DSCN0010.jpg')).click();
    const viewer = page.getByRole('dialog', { name: 'Photo gps__DSCN0010.jpg' });
    await viewer.waitFor();
    await viewer.getByText('43.467448° N').waitFor();
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    await page.locator('.map-svg').waitFor();
  });

  it('zooms with the buttons and the wheel, keeping the points', async () => {
    const before = await page.locator('.map-world').getAttribute('transform');
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => page.locator('.map-world').getAttribute('transform')).not.toBe(before);
    await page.getByRole('button', { name: 'Zoom out' }).click();
    const box = (await page.locator('.map-svg').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 200);
    await page.getByRole('button', { name: 'Fit photos' }).click();
    await expect.poll(markerIds).toEqual(idsOf(GPS_FILES.map(byName)));
  });

  it('filters the grid with a drawn box, shown as a removable filter', async () => {
    const it_ = await centre(byName('gps__DSCN0010.jpg'));
    const fi = await centre(byName('mobile__HMD_Nokia_8.3_5G.jpg'));
    await page.getByRole('button', { name: 'Draw box' }).click();
    await dragBox({ x: Math.min(it_.x, fi.x) - 25, y: fi.y - 25 }, { x: Math.max(it_.x, fi.x) + 25, y: it_.y + 25 }, false);
    const chip = page.getByRole('list', { name: 'Active filters' }).getByText(/^Map box:/);
    await chip.waitFor();
    await page.getByText('3 geotagged photos, 2 in the box').waitFor();
    await shot('2-box');
    await page.getByRole('button', { name: 'Grid', exact: true }).click();
    await expect.poll(gridIds).toEqual(idsOf([byName('gps__DSCN0010.jpg'), byName('mobile__HMD_Nokia_8.3_5G.jpg')]));
    await expect(page.getByTestId('result-count').textContent()).resolves.toMatch(/^2 of 6 photos/);
    await shot('3-box-grid');
  });

  it('redraws the box with Shift+drag, narrowing to one photo', async () => {
    await page.getByRole('button', { name: 'Map', exact: true }).click();
    const it_ = await centre(byName('gps__DSCN0010.jpg'));
    await dragBox({ x: it_.x - 20, y: it_.y - 20 }, { x: it_.x + 20, y: it_.y + 20 }, true);
    await page.getByText('3 geotagged photos, 1 in the box').waitFor();
    await page.getByRole('button', { name: 'Grid', exact: true }).click();
    await expect.poll(gridIds).toEqual(idsOf([byName('gps__DSCN0010.jpg')]));
  });

  it('lifts the box filter when its chip is removed', async () => {
    await page.getByRole('button', { name: /^Remove filter Map box/ }).click();
    await expect.poll(gridIds).toEqual(idsOf(photos));
  });

  it('shows a position the user typed in, as soon as it is saved', async () => {
    await page.getByRole('button', { name: 'Map', exact: true }).click();
    await expect.poll(markerIds).toEqual(idsOf(GPS_FILES.map(byName)));
    const kyiv = byName('Canon_40D.jpg');
    await callApi(page, 'applyBatch', { photoIds: [kyiv.id], fields: { lat: '50.4501', lon: '30.5234' } });
    await expect.poll(markerIds).toEqual(idsOf([...GPS_FILES.map(byName), kyiv]));
    // The sidebar's "Has GPS" count follows too.
    await expect
      .poll(() => page.getByRole('region', { name: 'Flags' }).locator('[data-facet-value="has-gps"] .facet-count').textContent())
      .toBe('4');
    await shot('4-user-position');
  });
});
