// A user's first session in browser mode, in Chromium against the real host and core: empty
// archive, import a folder, see the thumbnails, open a photo, read its camera and capture time.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAMERAS, ORIENTATION, PROJECT_ROOT, copyFixtures, listJpegs, tempDir } from '../helpers/fixtures';
import { CHROMIUM, CHROMIUM_ARGS, startHostProcess, type RunningHost } from '../helpers/web-host-process';

const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'e2e');
const archiveDir = tempDir();
const photos = copyFixtures([...listJpegs(CAMERAS), path.join(ORIENTATION, 'Portrait_6.jpg')]);
fs.writeFileSync(path.join(photos, 'broken <b>.jpg'), 'this is not a photo');
const expectedPhotos = listJpegs(CAMERAS).length + 1;

let browser: Browser;
let host: RunningHost;
let page: Page;

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  host = await startHostProcess(archiveDir);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

/** A screenshot region showing a photo is not flat: it has detail (a blank or broken image is uniform). */
async function regionDetail(png: Buffer, box: { x: number; y: number; width: number; height: number }): Promise<number> {
  const stats = await sharp(png)
    .extract({ left: Math.round(box.x), top: Math.round(box.y), width: Math.round(box.width), height: Math.round(box.height) })
    .greyscale()
    .stats();
  return stats.channels[0]!.stdev;
}

/** The grid is virtualized: scroll it with the mouse wheel, as a user would, until the tile exists. */
async function scrollToTile(name: string): Promise<void> {
  const grid = page.getByRole('grid');
  await grid.hover();
  await grid.evaluate((el) => el.scrollTo(0, 0));
  for (let i = 0; i < 100; i++) {
    const visible = await page.evaluate((title) => {
      const tile = document.querySelector(`.tile[title="${CSS.escape(title)}"]`);
      const scroller = document.querySelector('.grid-scroller');
      if (!tile || !scroller) return false;
      const t = tile.getBoundingClientRect();
      const g = scroller.getBoundingClientRect();
      return t.top >= g.top - 1 && t.bottom <= g.bottom + 1;
    }, name);
    if (visible) return;
    await page.mouse.wheel(0, 300);
    await page.waitForTimeout(50);
  }
  await page.screenshot({ path: path.join(SHOTS, `failed-scroll-to-${name}.png`) });
  throw new Error(`tile ${name} never appeared in the grid`);
}

describe('browse an archive in the browser', () => {
  it('shows the welcome screen on an empty archive', async () => {
    await page.goto(host.url);
    await page.getByRole('heading', { name: 'This archive is empty' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, '1-welcome.png') });
  });

  it('imports a folder through the dialog, with progress, and lists problems', async () => {
    await page.getByRole('button', { name: 'Import…' }).click();
    await page.getByLabel('Files and folders').fill(photos);
    // The dialog checks the typed folder first and says how many photos it holds.
    await page.getByRole('button', { name: /^Import [\d,]+ photos$/ }).click();
    const status = page.getByRole('status');
    await status.getByText(new RegExp(`^${expectedPhotos} imported, 1 could not be imported`)).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Import problems (1)' }).click();
    const problems = page.getByRole('region', { name: 'Import problems' });
    await problems.getByText('broken <b>.jpg', { exact: false }).waitFor();
    await expect(problems.getByText(/not an image: the contents are plain text, though the name ends in \.jpg/).count()).resolves.toBe(1);
    await problems.getByRole('button', { name: 'Close' }).click();
  });

  it('shows the thumbnails, upright, in capture-time order', async () => {
    await page.locator('.tile img').first().waitFor();
    await page.waitForFunction(() => {
      const imgs = [...document.querySelectorAll<HTMLImageElement>('.tile img')];
      return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0);
    });
    const first = await page.locator('.tile').first().getAttribute('title');
    expect(first).toBe('exif-org__sanyo-vpcg250.jpg'); // 1998:01:01, the oldest capture time
    const shot = await page.screenshot({ path: path.join(SHOTS, '2-grid.png') });
    const box = (await page.locator('.tile .thumb').first().boundingBox())!;
    expect(await regionDetail(shot, box)).toBeGreaterThan(15);
    expect(await page.getByText(`${expectedPhotos} photos`, { exact: false }).count()).toBe(1);
  });

  it('opens a photo and shows its camera and capture time', async () => {
    await scrollToTile('gps__DSCN0010.jpg');
    await page.locator('.tile[title="gps__DSCN0010.jpg"]').dblclick();
    const viewer = page.getByRole('dialog', { name: 'Photo gps__DSCN0010.jpg' });
    await viewer.waitFor();
    await expect(viewer.locator('[data-field=camera]').textContent()).resolves.toBe('NIKON COOLPIX P6000');
    await expect(viewer.locator('[data-field=takenAt]').textContent()).resolves.toBe('2008-10-22 16:28:39');
    await viewer.getByText('43.467448° N').waitFor();
    const img = viewer.locator('.viewer-image img:not(.annot-full)');
    await page.waitForFunction(() => {
      const i = document.querySelector<HTMLImageElement>('.viewer-image img:not(.annot-full)');
      return !!i && i.complete && i.naturalWidth === 640;
    });
    const shot = await page.screenshot({ path: path.join(SHOTS, '3-photo.png') });
    expect(await regionDetail(shot, (await img.boundingBox())!)).toBeGreaterThan(15);
  });

  it('moves with the keyboard and returns to the grid with Esc', async () => {
    await page.keyboard.press('ArrowRight');
    const title = page.locator('.viewer-title');
    await expect.poll(() => title.textContent()).not.toBe('gps__DSCN0010.jpg');
    await page.keyboard.press('Escape');
    await page.getByRole('grid').waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
  });

  it('shows a rotated (EXIF 6) portrait upright in the viewer', async () => {
    await scrollToTile('Portrait_6.jpg');
    await page.locator('.tile[title="Portrait_6.jpg"]').dblclick();
    await page.waitForFunction(() => {
      const i = document.querySelector<HTMLImageElement>('.viewer-image img:not(.annot-full)');
      return !!i && i.complete && i.naturalWidth > 0;
    });
    const size = await page.locator('.viewer-image img:not(.annot-full)').evaluate((i: HTMLImageElement) => [i.naturalWidth, i.naturalHeight]);
    expect(size[1]!).toBeGreaterThan(size[0]!);
    await page.screenshot({ path: path.join(SHOTS, '4-portrait.png') });
    await page.keyboard.press('Escape');
  });

  it('still has everything after the host restarts', async () => {
    await host.stop();
    host = await startHostProcess(archiveDir);
    await page.goto(host.url);
    await page.locator('.tile').first().waitFor();
    expect(await page.getByText(`${expectedPhotos} photos`, { exact: false }).count()).toBe(1);
  });
});
