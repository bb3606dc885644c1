// The printable catalogue as a reader gets it: exported through the app's own export path from a
// real archive, opened from disk in Chromium, looked at, and printed to PDF. It must make no request,
// run nothing, show hostile text literally, count what the archive holds, and draw each region on
// the right part of the upright picture (also for a photo stored sideways, EXIF orientation 6).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportProgress, Term } from '../../shared/api';
import { collectExport, type ExportSet } from '../../electron/catalog/export/collect';
import { ArchiveSession } from '../../electron/service/session';
import { CAMERAS, FIXTURES, ORIENTATION, PROJECT_ROOT, tempDir } from '../helpers/fixtures';
import { CHROMIUM, CHROMIUM_ARGS } from '../helpers/web-host-process';
import { HOSTILE_CAPTION as CAPTION } from '../helpers/hostile-text';

const NOTE = 'Entry hole, "north" side, 2nd floor,\n<img src=x onerror=alert(2)> see frame 14';
const HOSTILE_FILE = '<img src=x onerror="alert(3)">.jpg';
const HOSTILE_CLASS = '<b onmouseover="alert(4)">Kiosk</b>';
const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'e2e');

// Normalized to the upright picture (1800x1200 once Landscape_6.jpg is rotated): a box round the
// big "6" in the middle, and a polygon round the waterfall on the right.
const RECT = { type: 'rect' as const, x: 0.44, y: 0.38, w: 0.13, h: 0.2 };
// Portrait_5.jpg is stored transposed (orientation 5); upright it is taller than wide.
const PORTRAIT_RECT = { type: 'rect' as const, x: 0.1, y: 0.55, w: 0.5, h: 0.3 };
const POLYGON = { type: 'polygon' as const, points: [[0.63, 0.16], [0.84, 0.06], [0.8, 0.96], [0.6, 0.96]] as Array<[number, number]> };

let session: ArchiveSession;
let set: ExportSet;
let out: string;
let browser: Browser;
let page: Page;
const requests: string[] = [];
const dialogs: string[] = [];

beforeAll(async () => {
  const photos = tempDir('catalogue-photos-');
  fs.copyFileSync(path.join(ORIENTATION, 'Landscape_6.jpg'), path.join(photos, 'Landscape_6.jpg'));
  fs.copyFileSync(path.join(ORIENTATION, 'Portrait_5.jpg'), path.join(photos, 'Portrait_5.jpg'));
  for (const f of ['gps__DSCN0010.jpg', 'Nikon_D70.jpg', 'Pentax_K10D.jpg']) fs.copyFileSync(path.join(CAMERAS, f), path.join(photos, f));
  fs.copyFileSync(path.join(CAMERAS, 'Canon_40D.jpg'), path.join(photos, HOSTILE_FILE));
  // Catalogued with its metadata but with no picture to show: ExifTool's own NEF test file, whose
  // image data is stripped (a JPEG merely named .nef is now the JPEG it is).
  fs.copyFileSync(path.join(FIXTURES, 'formats', 'raw', 'exiftool_Nikon.nef'), path.join(photos, 'DSC_0002.nef'));

  session = new ArchiveSession(tempDir(), { host: 'web' });
  await session.api.startImport({ paths: [photos], mode: 'reference' });
  await session.idle();
  const list = await session.api.listPhotos({});
  expect(list).toHaveLength(7);
  const id = (name: string) => list.find((p) => p.fileName === name)!.id;
  const terms: Term[] = await session.api.getVocabulary({});
  const term = (key: string) => terms.find((t) => t.key === key)!.id;
  const kiosk = await session.api.addTerm({ kind: 'class', label: HOSTILE_CLASS, parentId: term('building'), colour: null, shortcut: null });

  const tag = await session.api.addTerm({ kind: 'tag', label: 'Drama theatre', parentId: null, colour: null, shortcut: null });
  const rotated = id('Landscape_6.jpg');
  await session.api.applyBatch({
    photoIds: [rotated], addTagIds: [tag.id], removeTagIds: [],
    fields: { title: 'Seljalandsfoss, stored sideways', caption: CAPTION, credit: 'Photo: Test Agency', city: 'Mariupol', country: 'Ukraine', countryCode: 'UA' },
  });
  await session.api.createRegion({
    photoId: rotated, geometry: RECT, classId: term('building.residential'), damageIds: [term('damage.gunfire'), term('damage.blast')], severity: 3, confidence: 'certain', note: NOTE,
  });
  await session.api.createRegion({ photoId: rotated, geometry: POLYGON, classId: term('vehicle.minibus'), damageIds: [term('damage.fire')], severity: 4, confidence: 'possible', note: '' });
  await session.api.createRegion({
    photoId: id(HOSTILE_FILE), geometry: { type: 'rect', x: 0.05, y: 0.05, w: 0.5, h: 0.4 }, classId: kiosk.id, damageIds: [], severity: 'na', confidence: null, note: '',
  });
  await session.api.createRegion({ photoId: id('Portrait_5.jpg'), geometry: PORTRAIT_RECT, classId: term('infrastructure.road'), damageIds: [term('damage.blast')], severity: 2, confidence: 'certain', note: '' });
  await session.api.createRegion({ photoId: id('Nikon_D70.jpg'), geometry: { type: 'rect', x: 0.2, y: 0.3, w: 0.4, h: 0.4 }, classId: null, damageIds: [term('damage.glazing')], severity: null, confidence: null, note: '' });

  out = path.join(tempDir('catalogue-out-'), 'catalogue.html');
  const progress: ExportProgress[] = [];
  session.onEvent((e) => {
    if (e.type === 'export-progress') progress.push(e.progress);
  });
  await session.api.startExport({ format: 'html', out, photoIds: null, options: { bom: true, sourceOrganization: '', contactName: '', externalDescription: '', profile: 'full' } });
  await session.exportIdle();
  const last = progress.at(-1)!;
  expect(last, last.message ?? '').toMatchObject({ state: 'done', done: 7, total: 7 });
  set = collectExport(session.current, null, () => []);
  fs.mkdirSync(SHOTS, { recursive: true });
  fs.copyFileSync(out, path.join(SHOTS, 'export-html-catalogue.html')); // kept for looking at

  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(pathToFileURL(out).href, { waitUntil: 'load' });
});
afterAll(async () => {
  await browser?.close();
  await session?.close();
});

/** The summary table with this data-summary key, as label -> number. */
async function summaryCounts(key: string): Promise<Record<string, number>> {
  const rows = await page.locator(`table[data-summary="${key}"] tbody tr`).evaluateAll((trs) =>
    trs.map((tr) => [tr.querySelector('th')?.textContent ?? '', Number(tr.querySelector('td')?.textContent)] as const),
  );
  return Object.fromEntries(rows);
}

function tally(values: string[]): Record<string, number> {
  const r: Record<string, number> = {};
  for (const v of values) r[v] = (r[v] ?? 0) + 1;
  return r;
}

const name = (t: { label: string; parentLabel: string | null }) => (t.parentLabel ? `${t.parentLabel} › ${t.label}` : t.label);

describe('HTML catalogue in a browser', () => {
  it('opens from disk without a single request, script or dialog', async () => {
    // Only the file itself was loaded; the previews are data: URIs, which make no request.
    expect(requests.filter((u) => !u.startsWith('data:'))).toEqual([pathToFileURL(out).href]);
    expect(dialogs).toEqual([]);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('[onerror], [onload], [onmouseover]').length)).toBe(0);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toMatch(/^default-src 'none'; img-src data:; style-src 'sha256-[A-Za-z0-9+/=]+'/);
    // The style sheet is the one the policy allows: it applied (a blocked sheet would leave default margins).
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.frame')!).position)).toBe('relative');
    const images = await page.locator('img').evaluateAll((imgs) => imgs.map((i) => ({ src: (i as HTMLImageElement).src.slice(0, 23), ok: (i as HTMLImageElement).naturalWidth > 0 })));
    expect(images).toHaveLength(6);
    expect(images.every((i) => i.src === 'data:image/jpeg;base64,' && i.ok)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'export-html-top.png') });
  });

  it('shows hostile captions, notes, file names and class labels as the exact text', async () => {
    const block = page.locator('section.photo', { has: page.getByRole('heading', { name: /Seljalandsfoss/ }) });
    expect(await block.locator('dd[data-field="Caption"]').innerText()).toBe(CAPTION);
    expect(await block.locator('td[data-note]').first().innerText()).toBe(NOTE);
    await expect(page.getByRole('heading', { name: HOSTILE_FILE }).count()).resolves.toBe(1);
    await expect(page.locator('svg text', { hasText: HOSTILE_CLASS }).count()).resolves.toBe(1);
    await expect(page.locator('table[data-summary="class"] th', { hasText: `Building › ${HOSTILE_CLASS}` }).count()).resolves.toBe(1);
  });

  it('counts in the summary what the exported set holds', async () => {
    const regions = set.photos.flatMap((p) => p.regions);
    expect(regions).toHaveLength(5);
    const overview = await summaryCounts('overview');
    expect(overview.Photos).toBe(set.photos.length);
    expect(overview.Regions).toBe(regions.length);
    expect(await summaryCounts('class')).toEqual(tally(regions.map((r) => (r.class ? name(r.class) : 'No object class'))));
    expect(await summaryCounts('damage')).toEqual(tally(regions.flatMap((r) => (r.damage.length ? r.damage.map(name) : ['No damage type']))));
    const severity = (s: (typeof regions)[number]['severity']) =>
      s === null ? 'No severity given' : s === 'na' ? 'not assessable' : ['0 none', '1 slight', '2 moderate', '3 severe', '4 destroyed'][s]!;
    expect(await summaryCounts('severity')).toEqual(tally(regions.map((r) => severity(r.severity))));
    const days = set.photos.map((p) => p.photo.capture?.raw.slice(0, 10).replaceAll(':', '-')).filter((d): d is string => !!d).sort();
    expect(await page.locator('td[data-count="dates"]').innerText()).toBe(`${days[0]} to ${days.at(-1)}`);
  });

  it('draws the regions of the sideways-stored photo where they were drawn on the upright picture', async () => {
    const block = page.locator('section.photo', { has: page.getByRole('heading', { name: /Seljalandsfoss/ }) });
    await block.scrollIntoViewIfNeeded();
    const img = (await block.locator('img').boundingBox())!;
    expect(img.width).toBeGreaterThan(img.height); // upright: 3:2 landscape, not the stored 2:3
    // Outline boxes include the stroke (a few pixels): compare centres exactly, sizes within 1%.
    const rect = (await block.locator('g[data-shape="rect"] rect').last().boundingBox())!;
    const rel = (v: number, o: number, size: number) => (v - o) / size;
    expect(rel(rect.x + rect.width / 2, img.x, img.width)).toBeCloseTo(RECT.x + RECT.w / 2, 2);
    expect(rel(rect.y + rect.height / 2, img.y, img.height)).toBeCloseTo(RECT.y + RECT.h / 2, 2);
    expect(Math.abs(rect.width / img.width - RECT.w)).toBeLessThan(0.01);
    expect(Math.abs(rect.height / img.height - RECT.h)).toBeLessThan(0.01);
    const poly = (await block.locator('g[data-shape="polygon"] polygon').last().boundingBox())!;
    expect(Math.abs(rel(poly.x, img.x, img.width) - 0.6)).toBeLessThan(0.01);
    expect(Math.abs(rel(poly.x + poly.width, img.x, img.width) - 0.84)).toBeLessThan(0.01);
    expect(Math.abs(rel(poly.y, img.y, img.height) - 0.06)).toBeLessThan(0.01);
    expect(Math.abs(rel(poly.y + poly.height, img.y, img.height) - 0.96)).toBeLessThan(0.01);
    // The labelled number and class go with each outline, coloured by its class (building is amber).
    expect(await block.locator('g[data-shape="rect"] text').textContent()).toBe('1 Residential (house, apartment block)');
    expect(await block.locator('g[data-shape="rect"] rect').last().getAttribute('stroke')).toBe('#e0a030');
    await block.screenshot({ path: path.join(SHOTS, 'export-html-rotated-photo.png') });
  });

  it('fits a portrait photo into the page and keeps its region in place', async () => {
    const block = page.locator('section.photo', { has: page.locator('dd[data-field="File"]', { hasText: 'Portrait_5.jpg' }) });
    const img = (await block.locator('img').boundingBox())!;
    expect(img.height).toBeGreaterThan(img.width);
    const rect = (await block.locator('g[data-shape="rect"] rect').last().boundingBox())!;
    expect((rect.x + rect.width / 2 - img.x) / img.width).toBeCloseTo(PORTRAIT_RECT.x + PORTRAIT_RECT.w / 2, 2);
    expect((rect.y + rect.height / 2 - img.y) / img.height).toBeCloseTo(PORTRAIT_RECT.y + PORTRAIT_RECT.h / 2, 2);
    await block.screenshot({ path: path.join(SHOTS, 'export-html-portrait-photo.png') });
  });

  it('shows a clear "No preview" box for a photo without a picture', async () => {
    const block = page.locator('section.photo', { has: page.locator('dd[data-field="File"]', { hasText: 'DSC_0002.nef' }) });
    await expect(block.locator('[data-no-preview]').innerText()).resolves.toMatch(/^No preview/);
    await expect(block.locator('img').count()).resolves.toBe(0);
  });

  it('prints to an A4 PDF with one page per photo after the summary', async () => {
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    fs.writeFileSync(path.join(SHOTS, 'export-html-catalogue.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    // The summary page, then each photo on a page of its own (none of these overflows one page).
    expect(pages).toHaveLength(1 + set.photos.length);
  });
});
