// The new user's walkthrough of issue 12 (items 1, 2, 3, 6, 8), in Chromium against `npm run web`'s
// host, at 1280x720 and 1440x900, with screenshots under test-results/e2e/walkthrough-*.png:
// - the sidebar's counts equal SQL counts and what choosing them shows, after edits made from the
//   map's viewer, the photo view, the batch panel, undo, redo and a merge;
// - the one term picker: "mini" + Enter is Minibus, "fire" the damage type, "eta" never "zeta";
// - typed import paths checked before starting ("~" expanded, a missing folder refused);
// - Undo/Redo in the photo view and off after a merge; the toolbar on one line at 1280.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhotoQuery, type PhotoQueryInput, type Term } from '../../shared/api';
import { callApi, importWithCli } from '../helpers/batch-archive';
import { screenshots } from '../helpers/e2e-shots';
import { facetMismatches, sqlFacetTruth } from '../helpers/facet-truth';
import { CAMERAS, copyFixtures, tempDir } from '../helpers/fixtures';
import { CHROMIUM, CHROMIUM_ARGS, startHostProcess, type RunningHost } from '../helpers/web-host-process';

const FILES = ['Canon_40D.jpg', 'Canon_DIGITAL_IXUS_400.jpg', 'Kodak_CX7530.jpg', 'gps__DSCN0010.jpg', 'Nikon_D70.jpg', 'Pentax_K10D.jpg', 'exif-org__kodak-dc240.jpg'];
const home = tempDir('home-');
const photosDir = path.join(home, 'Photos');
fs.mkdirSync(photosDir);
copyFixtures(FILES.map((f) => path.join(CAMERAS, f)), photosDir);
const archiveDir = importWithCli(photosDir);

let browser: Browser;
let host: RunningHost;
let page: Page;
let terms: Term[];
const shot = screenshots('walkthrough', () => page);
const term = (key: string) => terms.find((t) => t.key === key)!;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  // The host's home folder is the test's: "~/Photos" typed in the dialog means this folder.
  host = await startHostProcess(archiveDir, { env: { HOME: home } });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(host.url);
  await page.getByRole('grid').waitFor();
  terms = await callApi(page, 'getVocabulary', {});
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

/** The sidebar as shown (label -> count), read from the page. */
async function sidebarCounts(): Promise<Map<string, number>> {
  const entries = await page.locator('.facet-value').evaluateAll((els) =>
    els.map((el) => [el.querySelector('.facet-label')?.textContent?.trim() ?? '', Number((el.querySelector('.facet-count')?.textContent ?? '').replace(/[^\d]/g, ''))] as [string, number]),
  );
  return new Map(entries);
}

/** Every facet the server reports equals SQL and what choosing it lists, and the page shows those counts. */
async function countsAreTrue(step: string, base: PhotoQueryInput = {}): Promise<void> {
  const q = PhotoQuery.parse(base);
  const shown = (await callApi(page, 'searchPhotos', q)).map((p) => p.id);
  const facets = await callApi(page, 'getFacets', q);
  const truth = sqlFacetTruth(path.join(archiveDir, 'catalog.sqlite'), q.text ? shown : null);
  const problems = await facetMismatches(facets, truth, base, (x) => callApi(page, 'searchPhotos', x));
  expect(problems, `after ${step}`).toEqual([]);
  expect(facets.total).toBe(shown.length);
}

async function backToGrid(): Promise<void> {
  await page.keyboard.press('Escape');
  await page.getByRole('grid').or(page.locator('.map-view')).first().waitFor();
}

describe('the walkthrough of issue 12', () => {
  it('keeps the toolbar on one line at 1280x720 and 1440x900, the path shortened in the middle', async () => {
    for (const [w, h] of [[1280, 720], [1440, 900]] as const) {
      await page.setViewportSize({ width: w, height: h });
      const bar = page.locator('header.toolbar');
      const box = (await bar.boundingBox())!;
      // One row: every control's vertical middle within a few pixels of the others'.
      const middles = await bar.locator(':scope > button, :scope > .edit-controls, :scope > .search-box').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2));
      expect(Math.max(...middles) - Math.min(...middles), `toolbar rows at ${w}`).toBeLessThan(4);
      expect(box.height).toBeLessThan(60);
      const importButton = (await page.getByRole('button', { name: 'Import…' }).boundingBox())!;
      expect(importButton.x + importButton.width).toBeLessThanOrEqual(w);
      // The search placeholder fits its box; the path's last folder stays readable.
      const search = page.getByRole('searchbox', { name: 'Search photos' });
      expect(await search.evaluate((el: HTMLInputElement) => {
        const c = document.createElement('canvas').getContext('2d')!;
        c.font = getComputedStyle(el).font;
        return c.measureText(el.placeholder).width <= el.clientWidth - 12;
      })).toBe(true);
      await expect(page.locator('.archive-path-tail').textContent()).resolves.toBe(`/${path.basename(archiveDir)}`);
      expect(await page.locator('.archive-path').getAttribute('title')).toBe(archiveDir);
      await shot(`1-toolbar-${w}x${h}`);
    }
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  it('checks typed import paths before starting: ~ expanded, a missing folder refused', async () => {
    await page.getByRole('button', { name: 'Import…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import photos' });
    await dialog.getByLabel('Files and folders').fill('~/Photos\n~/No such folder');
    const checks = dialog.getByRole('list', { name: 'Path checks' });
    await checks.getByText(`${path.join(home, 'Photos')}`).waitFor();
    await checks.getByText(`Folder: ${FILES.length} photos to import (subfolders included)`).waitFor();
    await checks.getByText('Cannot import: no such file or folder').waitFor();
    expect(await dialog.getByRole('button', { name: /^Import/ }).isDisabled()).toBe(true);
    await shot('2-import-check-1280x720');
    await dialog.getByLabel('Files and folders').fill('~/Photos');
    const start = dialog.getByRole('button', { name: `Import ${FILES.length} photos` });
    await start.waitFor();
    await page.setViewportSize({ width: 1440, height: 900 });
    await shot('2-import-check-1440x900');
    await page.setViewportSize({ width: 1280, height: 720 });
    await start.click();
    // Already catalogued by the CLI from the same folder: nothing new, nothing failed, no new rows.
    await page.getByRole('status').getByText(/skipped|already/i).first().waitFor({ timeout: 60_000 });
    expect((await callApi(page, 'listProblems', {})).length).toBe(0);
    expect((await callApi(page, 'listPhotos', {})).length).toBe(FILES.length);
  });

  it('adds tags with the one picker in the photo view: existing terms first, creating only when chosen', async () => {
    // "zeta" exists as a tag (made on another photo) before this photo is opened.
    const zetaTerm = await callApi(page, 'addTerm', { kind: 'tag', label: 'zeta', parentId: null, colour: null, shortcut: null });
    await page.locator('.tile').first().dblclick();
    await page.getByRole('tab', { name: 'Annotate' }).click();
    const id = (await callApi(page, 'searchPhotos', PhotoQuery.parse({})))[0]!.id;
    const input = page.getByRole('combobox', { name: 'Add a tag' });
    await input.fill('mini');
    const listbox = page.getByRole('listbox', { name: 'Matching terms' });
    await listbox.getByRole('option', { name: /Vehicle › Minibus.*object class/ }).waitFor();
    await expect(listbox.getByRole('option').first().getAttribute('aria-selected')).resolves.toBe('true');
    await shot('3-picker-mini-1280x720');
    await input.press('Enter');
    await input.fill('fire');
    await listbox.getByRole('option', { name: /Fire \/ burn.*damage type/ }).waitFor();
    await input.press('Enter');
    await expect.poll(async () => (await callApi(page, 'getAnnotations', { photoId: id })).tagIds.length).toBe(2);
    // "eta": zeta contains it but does not begin with it, so nothing is highlighted and Enter takes
    // nothing; creating "eta" is the explicit last option; ↓ then Enter takes zeta.
    await input.fill('eta');
    await listbox.getByRole('option', { name: /Create tag “eta”/ }).waitFor();
    await expect(listbox.locator('[aria-selected="true"]').count()).resolves.toBe(0);
    await page.setViewportSize({ width: 1440, height: 900 });
    await shot('3-picker-eta-1440x900');
    await page.setViewportSize({ width: 1280, height: 720 });
    await input.press('Enter');
    expect((await callApi(page, 'getAnnotations', { photoId: id })).tagIds).toHaveLength(2);
    await input.press('ArrowDown');
    await expect(listbox.getByRole('option', { name: /zeta/ }).getAttribute('aria-selected')).resolves.toBe('true');
    await input.press('Enter');
    await expect.poll(async () => (await callApi(page, 'getAnnotations', { photoId: id })).tagIds.length).toBe(3);
    // A label no term has: the only option is to create it, shown highlighted.
    await input.fill('Khorog');
    await expect(listbox.getByRole('option', { name: /Create tag “Khorog”/ }).getAttribute('aria-selected')).resolves.toBe('true');
    expect(zetaTerm.kind).toBe('tag');
    await input.fill('');
    terms = await callApi(page, 'getVocabulary', {});
    const zeta = terms.find((t) => t.label === 'zeta')!;
    expect(zeta.kind).toBe('tag');
    expect(terms.some((t) => t.label === 'eta' || t.label === 'mini' || t.label === 'fire')).toBe(false);
    expect((await callApi(page, 'getAnnotations', { photoId: id })).tagIds.sort()).toEqual([term('vehicle.minibus').id, term('damage.fire').id, zeta.id].sort());
    // Undo and Redo are in the photo view too.
    const undo = page.locator('.viewer-bar').getByRole('button', { name: /Undo/ });
    expect(await undo.isEnabled()).toBe(true);
    await undo.click();
    await expect.poll(async () => (await callApi(page, 'getAnnotations', { photoId: id })).tagIds.length).toBe(2);
    await page.locator('.viewer-bar').getByRole('button', { name: /Redo/ }).click();
    await expect.poll(async () => (await callApi(page, 'getAnnotations', { photoId: id })).tagIds.length).toBe(3);
    await shot('4-viewer-undo-1280x720');
    await backToGrid();
    await countsAreTrue('photo view tags');
    // The sidebar shows the new tag without a reload.
    await expect.poll(async () => (await sidebarCounts()).get('zeta')).toBe(1);
  });

  it('keeps every count true through map, batch, undo/redo and merge edits', async () => {
    // From the map: open a marker's photo, tag it, Esc, back to the grid.
    await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Map' }).click();
    await page.getByRole('region', { name: 'Map of geotagged photos' }).waitFor();
    const points = await callApi(page, 'mapPoints', PhotoQuery.parse({}));
    expect(points.length).toBeGreaterThan(0);
    await callApi(page, 'applyBatch', { photoIds: [points[0]!.id], addTagIds: [terms.find((t) => t.label === 'zeta')!.id] });
    await countsAreTrue('an edit made while the map is open');
    await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Grid' }).click();
    await page.getByRole('grid').waitFor();

    // Batch: Ukraine on all, a city on one.
    const ids = (await callApi(page, 'searchPhotos', PhotoQuery.parse({}))).map((p) => p.id);
    await callApi(page, 'applyBatch', { photoIds: ids.slice(0, 5), fields: { country: 'Ukraine' } });
    await callApi(page, 'applyBatch', { photoIds: [ids[5]!], fields: { country: 'Ukraine', city: 'Kharkiv' } });
    await countsAreTrue('batch edits');
    await countsAreTrue('batch edits, within the search', { text: 'ukraine' });
    await page.getByRole('searchbox', { name: 'Search photos' }).fill('ukraine');
    await expect.poll(async () => (await callApi(page, 'getFacets', PhotoQuery.parse({ text: 'ukraine' }))).places.map((p) => `${p.label} ${p.count}`)).toEqual(['Ukraine 5', 'Kharkiv 1']);
    await page.locator('.sidebar').getByText('Kharkiv').waitFor();
    await shot('5-search-ukraine-1280x720');
    await page.setViewportSize({ width: 1440, height: 900 });
    await shot('5-search-ukraine-1440x900');
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.keyboard.press('Escape');

    await callApi(page, 'undo', {});
    await countsAreTrue('undo');
    await callApi(page, 'redo', {});
    await countsAreTrue('redo');

    // A merge clears Undo: the toolbar's Undo turns off at once.
    const stray = await callApi(page, 'addTerm', { kind: 'tag', label: 'burnt', parentId: null, colour: null, shortcut: null });
    await callApi(page, 'applyBatch', { photoIds: ids.slice(0, 2), addTagIds: [stray.id] });
    await expect.poll(() => page.locator('header.toolbar').getByRole('button', { name: /Undo/ }).isEnabled()).toBe(true);
    await callApi(page, 'mergeTerms', { fromId: stray.id, intoId: term('damage.fire').id });
    await expect.poll(() => page.locator('header.toolbar').getByRole('button', { name: /Undo/ }).isEnabled()).toBe(false);
    await countsAreTrue('a free tag merged into a damage type');
    await page.reload();
    await page.getByRole('grid').waitFor();
    await countsAreTrue('reload');
    await shot('6-after-merge-1280x720');
  });

  it('shows metadata as it is and keeps dialogs usable at 1280x720: file GPS, dates, cameras, classes, Export button', async () => {
    // The file's GPS is a value marked "from file", rounded to 6 decimals with the exact value on hover.
    await page.getByRole('grid').waitFor();
    await page.locator('.tile[title="gps__DSCN0010.jpg"]').dblclick();
    await page.getByRole('tab', { name: 'Metadata' }).click();
    const lat = page.locator('[data-file-gps="lat"] .value');
    await lat.waitFor();
    const exact = Number((await lat.getAttribute('title'))!.replace(/^.*: /, ''));
    expect(Number(await lat.textContent())).toBeCloseTo(exact, 6);
    expect((await lat.textContent())!.split('.')[1]!.length).toBeLessThanOrEqual(6);
    expect(await page.getByLabel('Latitude', { exact: true }).getAttribute('placeholder')).not.toContain(String(exact));
    await shot('7-file-gps-1280x720');
    await backToGrid();
    // Dates in one (the locale's) format, the raw value on hover.
    const dates = await page.locator('.tile-date').evaluateAll((els) => els.map((e) => [e.textContent, e.getAttribute('title')]));
    for (const [text, title] of dates) {
      expect(text).not.toMatch(/^\d{4}[-:]\d{2}[-:]\d{2}/);
      expect(title).toMatch(/^As written in the file: /);
    }
    // Cameras by brand and model; Minibus listed under Vehicle.
    const facets = await callApi(page, 'getFacets', PhotoQuery.parse({}));
    expect(facets.cameras.map((c) => c.label)).toEqual(expect.arrayContaining(['Kodak DC240 Zoom', 'Kodak CX7530 Zoom', 'Nikon D70', 'Pentax K10D']));
    expect(facets.cameras.some((c) => /EASTMAN|CORPORATION|DIGITAL CAMERA/.test(c.label))).toBe(false);
    const classes = await page.getByRole('region', { name: 'Object class' }).locator('.facet-value').evaluateAll((els) => els.map((e) => [e.querySelector('.facet-label')!.textContent, parseFloat(getComputedStyle(e).paddingLeft)]));
    const vehicleAt = classes.findIndex(([l]) => l === 'Vehicle');
    const minibusAt = classes.findIndex(([l]) => l === 'Minibus');
    expect(vehicleAt).toBeGreaterThanOrEqual(0);
    expect(minibusAt).toBeGreaterThan(vehicleAt);
    expect(classes[minibusAt]![1]).toBeGreaterThan(classes[vehicleAt]![1] as number);
    await page.setViewportSize({ width: 1440, height: 900 });
    await shot('8-filters-1440x900');
    // The Export dialog's button is on screen at 1280x720, the body scrolling above it.
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByRole('button', { name: 'Export…' }).click();
    const exportButton = page.getByRole('dialog', { name: 'Export' }).getByRole('button', { name: /^Export \d+ photos?$/ });
    const box = (await exportButton.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(720);
    await shot('9-export-dialog-1280x720');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Settings' }).click();
    const number = page.getByRole('dialog', { name: 'Settings' }).locator('input[type=number]').first();
    expect(await number.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
    await shot('10-settings-1280x720');
    await page.keyboard.press('Escape');
  });
});
