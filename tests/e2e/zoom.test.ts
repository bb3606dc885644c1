// A close look in Chromium against the real browser host: 1:1 shows the original's own pixels (a
// screenshot crop equals the original's pixels read by sharp), 2:1 doubles them, the wheel zooms
// at the pointer, Space+drag pans without drawing, and a region drawn at 2:1 is stored with the
// same normalized coordinates as the same rectangle drawn at Fit.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Geometry } from '../../shared/api';
import { annotationsOf, dragRectangle, photoIdOf, stageBox } from '../helpers/annotate-page';
import { importWithCli } from '../helpers/batch-archive';
import { screenshots } from '../helpers/e2e-shots';
import { tempDir } from '../helpers/fixtures';
import { CHROMIUM, CHROMIUM_ARGS, startHostProcess, type RunningHost } from '../helpers/web-host-process';

// Larger than the 2048 px preview, and noise, so any resampling (or showing the preview) is obvious.
const W = 2600;
const H = 1700;
const NAME = 'noise.png';
const photosDir = tempDir('photos-');
const original = path.join(photosDir, NAME);

let browser: Browser;
let host: RunningHost;
let page: Page;
let originalRaw: Buffer;
const shot = screenshots('zoom', () => page);

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  await sharp({ create: { width: W, height: H, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 70 } } })
    .png()
    .toFile(original);
  originalRaw = await sharp(original).removeAlpha().raw().toBuffer();
  const archiveDir = importWithCli(photosDir);
  host = await startHostProcess(archiveDir);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(host.url);
  await page.locator(`.tile[title="${NAME}"]`).dblclick();
  await page.getByRole('dialog', { name: `Photo ${NAME}` }).waitFor();
  await stageBox(page);
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

const readout = () => page.getByTestId('zoom-readout').textContent();
const fullLoaded = () => page.waitForFunction(() => !!document.querySelector('.annot-stage img.annot-full.loaded'));

/** Mean absolute difference between a screenshot crop and the original's pixels at (ox, oy), each image pixel `ratio` screen pixels wide. */
async function compareCrop(clip: { x: number; y: number; width: number; height: number }, ox: number, oy: number, ratio: number): Promise<number> {
  const png = await page.screenshot({ clip });
  const screen = await sharp(png).removeAlpha().raw().toBuffer();
  let sum = 0;
  for (let y = 0; y < clip.height; y++) {
    for (let x = 0; x < clip.width; x++) {
      const sx = Math.floor(x / ratio) + ox;
      const sy = Math.floor(y / ratio) + oy;
      for (let c = 0; c < 3; c++) sum += Math.abs(screen[(y * clip.width + x) * 3 + c]! - originalRaw[(sy * W + sx) * 3 + c]!);
    }
  }
  return sum / (clip.width * clip.height * 3);
}

describe('zoom to the original pixels', () => {
  it('opens at Fit, with the preview and the zoom readout', async () => {
    expect(await readout()).toMatch(/^Fit \d+%$/);
    expect(await page.locator('.annot-full').count()).toBe(0); // no full-resolution fetch while the preview is enough
    await shot('1280-fit');
  });

  it('1 shows one original pixel per screen pixel: a screenshot crop equals the original', async () => {
    await page.keyboard.press('1');
    await expect.poll(readout).toBe('1:1');
    await fullLoaded();
    const stage = await stageBox(page);
    expect([stage.width, stage.height]).toEqual([W, H]);
    const vp = (await page.locator('.annot-viewport').boundingBox())!;
    const clip = { x: Math.ceil(vp.x) + 40, y: Math.ceil(vp.y) + 40, width: 160, height: 120 };
    const ox = clip.x - stage.x;
    const oy = clip.y - stage.y;
    expect([ox, oy], 'the image sits on whole screen pixels').toEqual([Math.round(ox), Math.round(oy)]);
    const diff = await compareCrop(clip, ox, oy, 1);
    // Noise: a crop one pixel off, or the enlarged preview, differs by tens of levels.
    const shifted = await compareCrop(clip, ox + 1, oy, 1);
    expect(diff).toBe(0); // lossless PNG, no resampling: exactly the original's values
    expect(shifted).toBeGreaterThan(30);
    await shot('1280-1to1');
  });

  it('2 shows each original pixel as 2x2 screen pixels', async () => {
    await page.keyboard.press('2');
    await expect.poll(readout).toBe('2:1');
    const stage = await stageBox(page);
    expect([stage.width, stage.height]).toEqual([W * 2, H * 2]);
    const vp = (await page.locator('.annot-viewport').boundingBox())!;
    const clip = { x: Math.ceil(vp.x) + 40, y: Math.ceil(vp.y) + 40, width: 120, height: 80 };
    // Start the crop on a pixel boundary of the enlarged image.
    const dx = (clip.x - stage.x) % 2;
    const dy = (clip.y - stage.y) % 2;
    clip.x -= dx;
    clip.y -= dy;
    expect(await compareCrop(clip, (clip.x - stage.x) / 2, (clip.y - stage.y) / 2, 2)).toBeLessThan(1);
    await shot('1280-2to1');
    await page.keyboard.press('0');
    await expect.poll(readout).toMatch(/^Fit/);
  });

  it('the wheel zooms at the pointer: the image point under it stays put', async () => {
    const before = await stageBox(page);
    const at: [number, number] = [Math.round(before.x + before.width * 0.3), Math.round(before.y + before.height * 0.6)];
    const point = [(at[0] - before.x) / before.width, (at[1] - before.y) / before.height];
    await page.mouse.move(...at);
    await page.mouse.wheel(0, -100);
    await expect.poll(async () => (await stageBox(page)).width).toBeGreaterThan(before.width * 1.1);
    await page.mouse.wheel(0, -100);
    await page.waitForTimeout(100);
    const after = await stageBox(page);
    expect(Math.abs(after.x + point[0]! * after.width - at[0])).toBeLessThan(2);
    expect(Math.abs(after.y + point[1]! * after.height - at[1])).toBeLessThan(2);
    expect(await readout()).toMatch(/^\d+%$|^\d:1$/);
  });

  it('Space+drag pans, even with the rectangle tool, and draws nothing', async () => {
    await page.keyboard.press('1');
    await expect.poll(readout).toBe('1:1');
    const id = await photoIdOf(page, NAME);
    const before = await stageBox(page);
    await page.keyboard.press('r');
    await page.keyboard.down(' ');
    await page.mouse.move(700, 400);
    await page.mouse.down();
    await page.mouse.move(600, 330, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up(' ');
    const after = await stageBox(page);
    expect(Math.round(after.x - before.x)).toBe(-100);
    expect(Math.round(after.y - before.y)).toBe(-70);
    expect((await annotationsOf(page, id)).regions).toHaveLength(0);
    expect(await page.getByRole('button', { name: 'Rectangle' }).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Escape'); // leave the rectangle tool
    await expect.poll(() => page.getByRole('button', { name: 'Select', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('0');
  });

  it('a region drawn at 2:1 is stored with the same coordinates as the same rectangle drawn at Fit', async () => {
    const id = await photoIdOf(page, NAME);
    const from: [number, number] = [0.47, 0.46];
    const to: [number, number] = [0.53, 0.55];
    await expect.poll(readout).toMatch(/^Fit/);
    const fitBox = await stageBox(page);
    await dragRectangle(page, from, to);
    await expect.poll(async () => (await annotationsOf(page, id)).regions.length).toBe(1);
    await page.getByRole('region', { name: 'Selected region' }).waitFor();
    await page.keyboard.press('Escape'); // deselect, so 2 is the zoom and not a severity
    await expect.poll(() => page.getByRole('region', { name: 'Selected region' }).count()).toBe(0);
    await page.keyboard.press('2');
    await expect.poll(readout).toBe('2:1');
    const zoomBox = await stageBox(page);
    await dragRectangle(page, from, to);
    await expect.poll(async () => (await annotationsOf(page, id)).regions.length).toBe(2);
    await shot('1280-region-2to1');
    const [atFit, atTwo] = (await annotationsOf(page, id)).regions.map((r) => r.geometry as Extract<Geometry, { type: 'rect' }>);
    // Each is within half a screen pixel of the intended point at its own zoom.
    const tol = (axis: 'width' | 'height') => 0.5 / fitBox[axis] + 0.5 / zoomBox[axis] + 1e-6;
    expect(Math.abs(atFit!.x - atTwo!.x)).toBeLessThan(tol('width'));
    expect(Math.abs(atFit!.w - atTwo!.w)).toBeLessThan(2 * tol('width'));
    expect(Math.abs(atFit!.y - atTwo!.y)).toBeLessThan(tol('height'));
    expect(Math.abs(atFit!.h - atTwo!.h)).toBeLessThan(2 * tol('height'));
    expect(atTwo!.x).toBeCloseTo(from[0], 3);
    expect(atTwo!.y).toBeCloseTo(from[1], 3);
  });

  it('at 1440x900 the zoom bar fits and 1:1 still shows the original pixels', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('region', { name: 'Selected region' }).waitFor();
    await page.keyboard.press('Escape'); // the second rectangle is selected: deselect it
    await page.keyboard.press('0');
    await expect.poll(readout).toMatch(/^Fit/);
    await shot('1440-fit');
    await page.getByRole('button', { name: '1:1', exact: true }).click();
    await expect.poll(readout).toBe('1:1');
    await fullLoaded();
    const stage = await stageBox(page);
    const vp = (await page.locator('.annot-viewport').boundingBox())!;
    const clip = { x: Math.ceil(vp.x) + 100, y: Math.ceil(vp.y) + 100, width: 100, height: 100 };
    expect(await compareCrop(clip, clip.x - stage.x, clip.y - stage.y, 1)).toBeLessThan(1);
    // The toolbar holds the zoom buttons on one line.
    const bar = (await page.locator('.annot-tools').boundingBox())!;
    expect(bar.height).toBeLessThan(48);
    await shot('1440-1to1');
  });
});
