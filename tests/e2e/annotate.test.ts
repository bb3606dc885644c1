// Annotating in Chromium against the real browser host and core: draw a rectangle and a polygon on
// a photo, classify them with the panel and the keyboard, and find both exactly as drawn after a
// reload and a server restart; undo/redo through the API show in the open view; on EXIF-rotated
// portraits a region drawn around the word "top" is stored in the top of the upright image.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Geometry, Region, Term } from '../../shared/api';
import {
  annotationsOf,
  clickPolygon,
  colourExtent,
  dragRectangle,
  expectClose,
  photoIdOf,
  stageBox,
  toScreen,
  vocabularyOf,
  type Box,
} from '../helpers/annotate-page';
import { callApi, importWithCli } from '../helpers/batch-archive';
import { CAMERAS, ORIENTATION, PROJECT_ROOT, copyFixtures, tempDir } from '../helpers/fixtures';
import { CHROMIUM, CHROMIUM_ARGS, startHostProcess, type RunningHost } from '../helpers/web-host-process';

const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'e2e');
const MAIN = 'gps__DSCN0010.jpg';
const archiveDir = tempDir();
const photos = copyFixtures([
  ...['gps__DSCN0010.jpg', 'long_description.jpg', 'Nikon_D70.jpg'].map((f) => path.join(CAMERAS, f)),
  path.join(ORIENTATION, 'Portrait_6.jpg'),
  path.join(ORIENTATION, 'Portrait_8.jpg'),
]);

let browser: Browser;
let host: RunningHost;
let page: Page;
let terms: Term[];
const term = (key: string) => terms.find((t) => t.key === key)!;
const fail = (msg: string): never => {
  throw new Error(msg);
};

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  importWithCli(photos, archiveDir);
  host = await startHostProcess(archiveDir);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(host.url);
  terms = await vocabularyOf(page);
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

async function openPhoto(fileName: string): Promise<void> {
  if (await page.getByRole('dialog').count()) await page.getByRole('button', { name: '← Grid' }).click();
  await page.locator(`.tile[title="${fileName}"]`).dblclick();
  await page.getByRole('dialog', { name: `Photo ${fileName}` }).waitFor();
  await stageBox(page);
}

async function regionsOf(fileName: string): Promise<Region[]> {
  return (await annotationsOf(page, await photoIdOf(page, fileName))).regions;
}

async function waitForRegions(fileName: string, n: number): Promise<Region[]> {
  await expect.poll(async () => (await regionsOf(fileName)).length).toBe(n);
  await expect.poll(() => page.locator('.annot-overlay [data-region-id]').count()).toBe(n);
  return regionsOf(fileName);
}

/** The panel's severity button reads as pressed once the edit has reached the view. */
const severityPressed = (label: string) => page.getByRole('group', { name: 'Severity', exact: true }).getByRole('button', { name: label, exact: true });

describe('annotate a photo in the browser', () => {
  let drawnRect: Geometry;
  let drawnPolygon: Geometry;
  let stored: Region[];

  it('draws a rectangle and classifies it: residential building, gunfire, severity 3 by key', async () => {
    await openPhoto(MAIN);
    const box = await stageBox(page);
    // The preview is 640x480: the stage keeps that shape.
    expect(box.width / box.height).toBeCloseTo(640 / 480, 2);
    drawnRect = { type: 'rect', ...(await dragRectangle(page, [0.12, 0.18], [0.46, 0.62])) };
    const [r] = await waitForRegions(MAIN, 1);
    expectClose(r!.geometry, drawnRect, box, fail);

    // The new region is selected and the Annotate tab shows its form.
    const form = page.getByRole('region', { name: 'Selected region' });
    await form.getByLabel('Object class').selectOption({ label: 'Residential (house, apartment block)' });
    await form.getByRole('checkbox', { name: /Gunfire/ }).check();
    await page.keyboard.press('3');
    await expect.poll(() => severityPressed('3 severe').getAttribute('aria-pressed')).toBe('true');
    await expect
      .poll(async () => {
        const [x] = await regionsOf(MAIN);
        return { classId: x!.classId, damageIds: x!.damageIds, severity: x!.severity };
      })
      .toEqual({ classId: term('building.residential').id, damageIds: [term('damage.gunfire').id], severity: 3 });
    await page.screenshot({ path: path.join(SHOTS, 'annotate-1-rectangle.png') });
  });

  it('draws a polygon and classifies it: minibus, destroyed (4), fire by its shortcut key', async () => {
    drawnPolygon = {
      type: 'polygon',
      points: await clickPolygon(page, [
        [0.58, 0.22],
        [0.9, 0.3],
        [0.86, 0.72],
        [0.64, 0.8],
        [0.54, 0.5],
      ], async () => {
        await page.mouse.move(...toScreen(await stageBox(page), [0.6, 0.3]));
        await page.screenshot({ path: path.join(SHOTS, 'annotate-2-polygon-drawing.png') });
      }),
    };
    const regions = await waitForRegions(MAIN, 2);
    const box = await stageBox(page);
    expectClose(regions[1]!.geometry, drawnPolygon, box, fail);

    const form = page.getByRole('region', { name: 'Selected region' });
    await form.getByLabel('Object class').selectOption({ label: 'Minibus' });
    await form.getByRole('button', { name: 'possible', exact: true }).click();
    await page.keyboard.press('4');
    await page.keyboard.press('f'); // damage.fire's shortcut
    await expect
      .poll(async () => {
        const x = (await regionsOf(MAIN))[1]!;
        return { classId: x.classId, damageIds: x.damageIds, severity: x.severity, confidence: x.confidence };
      })
      .toEqual({ classId: term('vehicle.minibus').id, damageIds: [term('damage.fire').id], severity: 4, confidence: 'possible' });
    await expect.poll(() => severityPressed('4 destroyed').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Escape'); // deselects; the viewer stays open
    await expect(page.getByRole('dialog').count()).resolves.toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'annotate-2-polygon.png') });
    stored = await regionsOf(MAIN);
  });

  it('finds both regions exactly as drawn after a reload and after a server restart', async () => {
    const check = async (when: string) => {
      await openPhoto(MAIN);
      const box = await stageBox(page);
      const regions = await waitForRegions(MAIN, 2);
      expect(regions, when).toEqual(stored);
      expectClose(regions[0]!.geometry, drawnRect, box, fail);
      expectClose(regions[1]!.geometry, drawnPolygon, box, fail);
      // The view draws them where they were drawn: the SVG shapes carry the stored numbers.
      const rect = page.locator('.annot-overlay [data-shape=rect] .annot-outline');
      expect(Number(await rect.getAttribute('x'))).toBeCloseTo((drawnRect as { x: number }).x, 5);
      expect(await page.locator('.annot-overlay [data-shape=polygon] .annot-outline').getAttribute('points')).toBe(
        (regions[1]!.geometry as { points: number[][] }).points.map((p) => p.join(',')).join(' '),
      );
    };
    await page.reload();
    await check('after a reload');
    // Leave the page first: an open event stream could otherwise hold the old server's shutdown up.
    await page.goto('about:blank');
    await host.stop();
    host = await startHostProcess(archiveDir);
    await page.goto(host.url);
    await check('after a restart');
    await page.screenshot({ path: path.join(SHOTS, 'annotate-3-after-restart.png') });
  });

  it('shows undo and redo made elsewhere (the API) in the open view', async () => {
    const drawn = { type: 'rect' as const, ...(await dragRectangle(page, [0.05, 0.7], [0.3, 0.95])) };
    const regions = await waitForRegions(MAIN, 3);
    expectClose(regions[2]!.geometry, drawn, await stageBox(page), fail);

    const undone = await callApi(page, 'undo', {});
    expect(undone.undone).toMatch(/^Add rectangle region/);
    await expect.poll(() => page.locator('.annot-overlay [data-region-id]').count()).toBe(2);
    await page.screenshot({ path: path.join(SHOTS, 'annotate-4-undone.png') });

    await callApi(page, 'redo', {});
    await expect.poll(() => page.locator('.annot-overlay [data-region-id]').count()).toBe(3);
    expect((await regionsOf(MAIN))[2]!.geometry).toEqual(regions[2]!.geometry);

    // Delete removes the selected region (the redone one, selected by clicking it).
    const box = await stageBox(page);
    await page.mouse.click(box.x + 0.1 * box.width, box.y + 0.9 * box.height);
    await page.keyboard.press('Delete');
    await waitForRegions(MAIN, 2);
    expect(await regionsOf(MAIN)).toEqual(stored);
  });

  it('moves a region by dragging it and reshapes it by a corner handle', async () => {
    const box = await stageBox(page);
    const before = (await regionsOf(MAIN))[0]!.geometry as Extract<Geometry, { type: 'rect' }>;
    const centre = [box.x + (before.x + before.w / 2) * box.width, box.y + (before.y + before.h / 2) * box.height] as const;
    await page.mouse.move(centre[0], centre[1]);
    await page.mouse.down();
    await page.mouse.move(centre[0] + 20, centre[1] + 10, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => ((await regionsOf(MAIN))[0]!.geometry as { x: number }).x).toBeCloseTo(before.x + 20 / box.width, 4);
    const moved = (await regionsOf(MAIN))[0]!.geometry as Extract<Geometry, { type: 'rect' }>;
    expect(moved.y).toBeCloseTo(before.y + 10 / box.height, 4);
    expect([moved.w, moved.h]).toEqual([before.w, before.h]);

    // The bottom-right handle of the selected rectangle.
    const handle = page.locator('.annot-handle[data-handle="2"]');
    const hb = (await handle.boundingBox())!;
    await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2);
    await page.mouse.down();
    await page.mouse.move(hb.x + hb.width / 2 + 30, hb.y + hb.height / 2 + 15, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => ((await regionsOf(MAIN))[0]!.geometry as { w: number }).w).toBeCloseTo(moved.w + 30 / box.width, 2);
    const resized = (await regionsOf(MAIN))[0]!.geometry as Extract<Geometry, { type: 'rect' }>;
    expect([resized.x, resized.y]).toEqual([moved.x, moved.y]);
  });

  it('keeps regions on their pixels when zoomed and in a smaller window', async () => {
    const polygon = (stored[1]!.geometry as Extract<Geometry, { type: 'polygon' }>).points;
    /** Where the polygon's corners are on screen, as fractions of the displayed image's on-screen box. */
    const cornersOnImage = () =>
      page.evaluate(() => {
        const img = document.querySelector('.annot-stage img')!.getBoundingClientRect();
        const shape = document.querySelector<SVGPolygonElement>('.annot-overlay [data-shape=polygon] .annot-outline')!;
        const m = shape.getScreenCTM()!;
        return Array.from(shape.points).map((p) => {
          const s = new DOMPoint(p.x, p.y).matrixTransform(m);
          return [(s.x - img.left) / img.width, (s.y - img.top) / img.height, img.width];
        });
      });
    const expectOnPixels = async (what: string) => {
      const corners = await cornersOnImage();
      corners.forEach(([x, y, width], i) => {
        const px = 0.5 / width!; // half a screen pixel
        expect(Math.abs(x! - polygon[i]![0]), `${what}: corner ${i} x`).toBeLessThan(px);
        expect(Math.abs(y! - polygon[i]![1]), `${what}: corner ${i} y`).toBeLessThan(px);
      });
    };
    await expectOnPixels('at fit');
    const fitWidth = (await stageBox(page)).width;
    await page.keyboard.press('=');
    await page.keyboard.press('=');
    await expect.poll(async () => (await stageBox(page)).width).toBeGreaterThan(fitWidth * 1.5);
    await expectOnPixels('zoomed in');
    await page.screenshot({ path: path.join(SHOTS, 'annotate-5-zoomed.png') });
    await page.keyboard.press('Shift+F');
    await expect.poll(async () => (await stageBox(page)).width).toBeCloseTo(fitWidth, 0);

    await page.setViewportSize({ width: 900, height: 600 });
    await expect.poll(async () => (await stageBox(page)).width).toBeLessThan(fitWidth * 0.8);
    await expectOnPixels('in a smaller window');
    await page.screenshot({ path: path.join(SHOTS, 'annotate-5-small-window.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect.poll(async () => (await stageBox(page)).width).toBeCloseTo(fitWidth, 0);
  });

  it('Esc cancels a polygon in progress, then deselects, then returns to the grid', async () => {
    const box = await stageBox(page);
    await page.mouse.click(...toScreen(box, [0.2, 0.3])); // selects the rectangle
    await expect.poll(() => page.getByRole('region', { name: 'Selected region' }).count()).toBe(1);
    await page.keyboard.press('p');
    await page.mouse.click(...toScreen(box, [0.02, 0.02]));
    await page.mouse.click(...toScreen(box, [0.08, 0.02]));
    await expect.poll(() => page.locator('.annot-vertex').count()).toBe(2);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.annot-vertex').count()).toBe(0);
    await expect(page.getByRole('button', { name: 'Select', pressed: true }).count()).resolves.toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('region', { name: 'Selected region' }).count()).toBe(0);
    await expect(page.getByRole('dialog').count()).resolves.toBe(1);
    await page.keyboard.press('Escape');
    await page.getByRole('grid').waitFor();
    expect(await regionsOf(MAIN)).toHaveLength(2);
    await openPhoto(MAIN);
  });

  it('tags the photo with an existing term and a new one, and writes descriptive metadata', async () => {
    const id = await photoIdOf(page, MAIN);
    await page.getByRole('tab', { name: 'Annotate' }).click();
    const input = page.getByLabel('Add a tag');
    await input.fill('protest'); // the existing class term "Protest"
    await input.press('Enter');
    await input.fill('Khorog'); // no such term yet: a new tag
    await input.press('Enter');
    const chips = page.getByRole('list', { name: 'Photo tags' });
    await chips.getByText('Khorog').waitFor();
    const khorog = (await vocabularyOf(page)).find((t) => t.label === 'Khorog')!;
    expect(khorog.kind).toBe('tag');
    await expect.poll(async () => (await annotationsOf(page, id)).tagIds.sort()).toEqual([term('people.protest').id, khorog.id].sort());
    await chips.getByRole('button', { name: 'Remove tag Protest' }).click();
    await expect.poll(async () => (await annotationsOf(page, id)).tagIds).toEqual([khorog.id]);

    await page.getByRole('tab', { name: 'Metadata' }).click();
    await page.getByLabel('City', { exact: true }).fill('Khorog');
    await page.getByLabel('Latitude', { exact: true }).fill('37.4894');
    await page.getByLabel('Latitude', { exact: true }).press('Enter');
    await page.getByLabel('Longitude', { exact: true }).fill('not a number');
    await page.getByLabel('Country', { exact: true }).click(); // blur saves
    await page.getByText(/Longitude must be a number/).waitFor();
    await expect.poll(async () => (await annotationsOf(page, id)).meta).toMatchObject({ city: 'Khorog', lat: '37.4894' });
    expect((await annotationsOf(page, id)).meta.lon ?? null).toBeNull();
    // The file metadata is still there, below the form.
    await page.locator('[data-field=camera]').waitFor();
  });

  it('shows values from the file until the user writes their own', async () => {
    await openPhoto('long_description.jpg');
    await page.getByRole('tab', { name: 'Metadata' }).click();
    const title = page.getByLabel('Title', { exact: true });
    await expect(title.getAttribute('placeholder')).resolves.toBe('030904-A-2140D-006');
    await expect(title.inputValue()).resolves.toBe('');
    const titleField = page.locator('.meta-field').filter({ has: title });
    await titleField.getByText('from file').waitFor();
    await title.fill('Chinook at Daychopan');
    await title.press('Enter');
    await titleField.getByText('edited').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'annotate-6-metadata.png') });
    const id = await photoIdOf(page, 'long_description.jpg');
    await expect.poll(async () => (await annotationsOf(page, id)).meta.title).toBe('Chinook at Daychopan');

    await page.getByRole('tab', { name: 'History' }).click();
    const history = page.getByRole('list', { name: 'History' });
    await history.getByText(/set Title on long_description\.jpg/).waitFor();
    await history.getByText('Title: (empty) → Chinook at Daychopan').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'annotate-7-history.png') });
  });

  for (const file of ['Portrait_6.jpg', 'Portrait_8.jpg']) {
    it(`stores a region around "top" of the upright ${file} in the top centre`, async () => {
      await openPhoto(file);
      const box: Box = await stageBox(page);
      expect(box.height).toBeGreaterThan(box.width); // displayed upright: portrait
      // In the upright picture the word "top" sits at about x 0.45-0.55, y 0.01-0.06.
      const drawn = await dragRectangle(page, [0.4, 0.004], [0.6, 0.075]);
      const [r] = await waitForRegions(file, 1);
      expectClose(r!.geometry, { type: 'rect', ...drawn }, box, fail);
      const g = r!.geometry as Extract<Geometry, { type: 'rect' }>;
      expect(g.y + g.h).toBeLessThan(0.2);
      expect(g.x + g.w / 2).toBeGreaterThan(0.35);
      expect(g.x + g.w / 2).toBeLessThan(0.65);

      // Classified as a crater: its class colour (#e05050) marks the outline in the screenshot.
      await page.getByRole('region', { name: 'Selected region' }).getByLabel('Object class').selectOption({ label: 'Crater' });
      await expect.poll(async () => (await regionsOf(file))[0]!.classId).toBe(term('ordnance.crater').id);
      await page.keyboard.press('Escape'); // deselect: no handles over the outline
      await page.mouse.move(0, 0);
      const shot = await page.screenshot({ path: path.join(SHOTS, `annotate-${file.replace('.jpg', '')}.png`) });
      const red = await colourExtent(shot, box, [0xe0, 0x50, 0x50]);
      expect(red.count).toBeGreaterThan(100);
      expect(red.y1).toBeLessThan(0.2);
      expect(red.y0).toBeLessThan(0.05);
      expect((red.x0 + red.x1) / 2).toBeGreaterThan(0.35);
      expect((red.x0 + red.x1) / 2).toBeLessThan(0.65);
    });
  }
});
