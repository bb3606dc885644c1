// Finding photos in the browser, in Chromium against the real browser host and core: the search
// box, facets with live counts, sorting, albums (made from a selection, filled by drag and drop,
// kept across a reload), saved searches, and exporting what the grid shows.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoSummary, Term } from '../../shared/api';
import { callApi, importWithCli } from '../helpers/batch-archive';
import { CAMERAS, copyFixtures, listJpegs, tempDir } from '../helpers/fixtures';
import { CHROMIUM, CHROMIUM_ARGS, startHostProcess, type RunningHost } from '../helpers/web-host-process';
import { screenshots } from '../helpers/e2e-shots';

const photosDir = copyFixtures(listJpegs(CAMERAS).slice(0, 12));

let browser: Browser;
let host: RunningHost;
let page: Page;
let photos: PhotoSummary[];
/** The annotated photos, by role in the story below. */
const p: Record<'minibus' | 'block' | 'car' | 'school' | 'market' | 'van', PhotoSummary> = {} as never;

const shot = screenshots('search', () => page);
const tile = (x: PhotoSummary) => page.locator(`.tile[data-photo-id="${x.id}"]`);
const sidebar = () => page.getByRole('complementary', { name: 'Collections and filters' });
const facet = (title: string) => sidebar().getByRole('region', { name: title });
const album = (name: string) => sidebar().locator('.collection').filter({ has: page.locator('.collection-name', { hasText: new RegExp(`^${name}$`) }) });

/** The ids of the tiles in the grid, in order (the test archives are small enough to be all on screen). */
async function gridIds(): Promise<number[]> {
  return page.locator('.tile').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-photo-id'))));
}
async function expectGrid(expected: PhotoSummary[]): Promise<void> {
  const want = expected.map((x) => x.id).sort((a, b) => a - b);
  await expect.poll(async () => (await gridIds()).sort((a, b) => a - b), { timeout: 10_000 }).toEqual(want);
  await expect.poll(() => page.getByTestId('result-count').textContent()).toMatch(new RegExp(`^${expected.length} (of ${photos.length} )?photo`));
}

async function term(kind: Term['kind'], label: string): Promise<Term> {
  const t = (await callApi(page, 'getVocabulary', {})).find((x) => x.kind === kind && x.label === label && x.parentId === null);
  if (!t) throw new Error(`no ${kind} "${label}"`);
  return t;
}

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  const archive = importWithCli(photosDir);
  host = await startHostProcess(archive);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(host.url);
  await page.locator('.tile img').first().waitFor();
  photos = await callApi(page, 'listPhotos', {});
  expect(photos).toHaveLength(12);

  // The story: six photos described and annotated as a researcher would, six left alone.
  const vehicle = await term('class', 'Vehicle');
  const building = await term('class', 'Building');
  const fire = await term('damage', 'Fire / burn (scorched, burnt-out)');
  const blast = await term('damage', 'Blast / shelling');
  const roles = ['minibus', 'block', 'car', 'school', 'market', 'van'] as const;
  roles.forEach((r, i) => (p[r] = photos[i * 2]!));
  const annotate = async (x: PhotoSummary, caption: string, region: { classId: number; damageIds: number[]; severity: 0 | 1 | 2 | 3 | 4 } | null) => {
    await callApi(page, 'applyBatch', { photoIds: [x.id], fields: { caption } });
    if (region) await callApi(page, 'createRegion', { photoId: x.id, geometry: { type: 'rect', x: 0.1, y: 0.1, w: 0.5, h: 0.5 }, ...region });
  };
  await annotate(p.minibus, 'Burnt minibus near the drama theatre, Mariupol', { classId: vehicle.id, damageIds: [fire.id], severity: 4 });
  await annotate(p.block, 'Shelled apartment block, Mariupol', { classId: building.id, damageIds: [blast.id], severity: 3 });
  await annotate(p.car, 'Car hit on the Mariupol road', { classId: vehicle.id, damageIds: [], severity: 3 });
  await annotate(p.school, 'School in Kharkiv after shelling', { classId: building.id, damageIds: [blast.id], severity: 2 });
  await annotate(p.market, 'Ринок, Маріуполь', null);
  await annotate(p.van, 'Mariupol: burnt-out van', { classId: vehicle.id, damageIds: [fire.id], severity: 4 });
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('search and facets', () => {
  it('finds photos by typed text, with live facet counts', async () => {
    await page.keyboard.press('Control+f');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Search photos');
    await page.keyboard.type('mariupol');
    // Latin "mariupol" finds the Latin captions; the Cyrillic one is spelt differently.
    await expectGrid([p.minibus, p.block, p.car, p.van]);
    // Counts are for the current search: three of the four matches have a vehicle.
    await expect.poll(() => facet('Object class').getByRole('button', { name: /^Vehicle/ }).textContent()).toBe('Vehicle3');
    await expect.poll(() => facet('Object class').getByRole('button', { name: /^Building/ }).textContent()).toBe('Building1');
  });

  it('narrows the search with two facets and shows exactly the matching thumbnails', async () => {
    await facet('Object class').getByRole('button', { name: /^Vehicle/ }).click();
    await expectGrid([p.minibus, p.car, p.van]);
    await facet('Severity').locator('[data-facet-value="4"]').click();
    await expectGrid([p.minibus, p.van]);
    // Both choices show as removable chips, and the facet buttons as pressed.
    const chips = page.getByRole('list', { name: 'Active filters' });
    await expect(chips.getByText('Class: Vehicle').count()).resolves.toBe(1);
    await expect(chips.getByText('Severity: 4 destroyed', { exact: false }).count()).resolves.toBe(1);
    await expect(facet('Object class').getByRole('button', { name: /^Vehicle/ }).getAttribute('aria-pressed')).resolves.toBe('true');
    // Every thumbnail on screen is painted.
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.tile img')].every((i) => i.complete && i.naturalWidth > 0));
    await shot('1-two-facets');
  });

  it('widens again when a chip is removed, and clears with Esc and Clear filters', async () => {
    await page.getByRole('button', { name: /^Remove filter Severity/ }).click();
    await expectGrid([p.minibus, p.car, p.van]);
    await page.getByRole('searchbox', { name: 'Search photos' }).focus();
    await page.keyboard.press('Escape');
    // Text gone, the class filter stays: every vehicle.
    await expectGrid([p.minibus, p.car, p.van]);
    await sidebar().getByRole('button', { name: /^Clear filters/ }).click();
    await expectGrid(photos);
  });

  it('searches Cyrillic text, and filters by a flag', async () => {
    await page.getByRole('searchbox', { name: 'Search photos' }).fill('маріуполь');
    await expectGrid([p.market]);
    await page.getByRole('searchbox', { name: 'Search photos' }).fill('');
    await expectGrid(photos);
    // "Not yet annotated": no region, no tag, no descriptive field (the market has a caption).
    await facet('Flags').locator('[data-facet-value="unannotated"]').click();
    const described = [p.minibus, p.block, p.car, p.school, p.market, p.van];
    await expectGrid(photos.filter((x) => !described.includes(x)));
    await sidebar().getByRole('button', { name: /^Clear filters/ }).click();
    await expectGrid(photos);
  });

  it('sorts by severity, worst first', async () => {
    await page.getByLabel('Sort by').selectOption('severity');
    await expect.poll(async () => (await gridIds()).slice(0, 2).sort()).toEqual([p.minibus.id, p.van.id].sort());
    const ids = await gridIds();
    expect(ids.indexOf(p.block.id)).toBeLessThan(ids.indexOf(p.school.id));
    expect(ids.indexOf(p.school.id)).toBeLessThan(ids.indexOf(p.market.id));
    await page.getByLabel('Sort by').selectOption('name');
    // File name with ASCII case ignored (SQLite's NOCASE), not the locale's collation.
    const lower = (x: PhotoSummary) => x.fileName.toLowerCase();
    const byName = [...photos].sort((a, b) => (lower(a) < lower(b) ? -1 : lower(a) > lower(b) ? 1 : a.id - b.id)).map((x) => x.id);
    await expect.poll(gridIds).toEqual(byName);
    await page.getByLabel('Sort by').selectOption('taken');
  });
});

describe('collections', () => {
  it('makes an album from the selection', async () => {
    await tile(p.block).click();
    await tile(p.school).click({ modifiers: ['Control'] });
    await page.getByText('2 selected').waitFor();
    await sidebar().getByRole('button', { name: 'New album from selection' }).click();
    await sidebar().getByLabel('Album name').fill('Schools and homes');
    await sidebar().getByRole('button', { name: 'Create album' }).click();
    await expect.poll(() => album('Schools and homes').locator('.collection-count').textContent()).toBe('2');
  });

  it('takes dragged tiles into the album, and the album keeps them across a reload', async () => {
    await tile(p.market).click();
    await tile(p.market).dragTo(album('Schools and homes'));
    await expect.poll(() => album('Schools and homes').locator('.collection-count').textContent()).toBe('3');
    await page.reload();
    await page.locator('.tile img').first().waitFor();
    await expect.poll(() => album('Schools and homes').locator('.collection-count').textContent()).toBe('3');
    await album('Schools and homes').locator('.collection-open').click();
    await expectGrid([p.block, p.school, p.market]);
    await shot('2-album');
  });

  it('removes the selection from the album', async () => {
    await tile(p.market).click();
    await album('Schools and homes').getByRole('button', { name: 'Remove the selection from Schools and homes' }).click();
    await expectGrid([p.block, p.school]);
    await expect.poll(() => album('Schools and homes').locator('.collection-count').textContent()).toBe('2');
  });

  it('saves a search, renames it and runs it again', async () => {
    await album('Schools and homes').locator('.collection-open').click(); // leave the album
    await expectGrid(photos);
    await page.getByRole('searchbox', { name: 'Search photos' }).fill('burnt');
    await expectGrid([p.minibus, p.van]);
    await sidebar().getByRole('button', { name: 'Save search' }).click();
    await sidebar().getByLabel('Saved search name').fill('Burnt vehicles');
    await sidebar().getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => album('Burnt vehicles').locator('.collection-count').textContent()).toBe('2');
    await album('Burnt vehicles').getByRole('button', { name: 'Rename Burnt vehicles' }).click();
    await sidebar().getByLabel('New name').fill('Burnt out');
    await sidebar().getByRole('button', { name: 'Rename', exact: true }).click();
    await album('Burnt out').waitFor();
    await sidebar().getByRole('button', { name: /^Clear filters/ }).click();
    await expectGrid(photos);
    await album('Burnt out').locator('.collection-open').click();
    await expectGrid([p.minibus, p.van]);
    await expect(page.getByRole('searchbox', { name: 'Search photos' }).inputValue()).resolves.toBe('burnt');
    // Refined (any vehicle, destroyed) and saved again under the same name.
    await page.getByRole('searchbox', { name: 'Search photos' }).fill('');
    await facet('Object class').getByRole('button', { name: /^Vehicle/ }).click();
    await expectGrid([p.minibus, p.car, p.van]);
    await album('Burnt out').getByRole('button', { name: 'Save the current search as Burnt out' }).click();
    await expect.poll(() => album('Burnt out').locator('.collection-count').textContent()).toBe('3');
    await sidebar().getByRole('button', { name: /^Clear filters/ }).click();
    await album('Burnt out').locator('.collection-open').click();
    await expectGrid([p.minibus, p.car, p.van]);
  });

  it('offers to export exactly the photos the grid shows', async () => {
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.getByRole('radio', { name: /3 shown by the current search/ }).check();
    await dialog.getByRole('radio', { name: /CSV spreadsheet/ }).check();
    const out = path.join(tempDir('search-export-'), 'shown.csv');
    await dialog.getByLabel('Save as').fill(out);
    await dialog.getByRole('button', { name: 'Export 3 photos' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => fs.existsSync(out), { timeout: 30_000 }).toBe(true);
    const rows = parse(fs.readFileSync(out, 'utf8'), { bom: true, columns: true, record_delimiter: '\r\n' }) as Array<{ row: string; file_name: string }>;
    const exported = rows.filter((r) => r.row === 'photo').map((r) => r.file_name);
    expect(exported.sort()).toEqual([p.minibus, p.car, p.van].map((x) => x.fileName).sort());
  });

  it('deletes an album after asking, and its photos stay', async () => {
    await album('Schools and homes').getByRole('button', { name: 'Delete Schools and homes' }).click();
    await sidebar().getByRole('group', { name: 'Delete Schools and homes?' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => album('Schools and homes').count()).toBe(0);
    expect(await callApi(page, 'listPhotos', {})).toHaveLength(12);
  });
});
