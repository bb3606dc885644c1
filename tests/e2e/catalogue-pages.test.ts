// The printable catalogue's pages as a reader prints them: a cover with the title and organization
// given at export (dialog options and the CLI's --title/--organization), then exactly one A4 page per
// photo, even for a photo with every field filled and many annotated regions (its regions table on
// the same page as its picture), and a small original shown no larger than its own pixels. Pages are
// counted by pdf-lib, a PDF reader we did not write, in Chromium's page.pdf().
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportProgress, Term } from '../../shared/api';
import { ArchiveSession } from '../../electron/service/session';
import { CAMERAS, ORIENTATION, PROJECT_ROOT, tempDir } from '../helpers/fixtures';
import { CHROMIUM, CHROMIUM_ARGS } from '../helpers/web-host-process';

const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'e2e');
const TITLE = 'Mariupol, March 2022: damage to residential buildings';
const ORG = 'Field Documentation Unit <Kyiv>';
const LONG = 'Scorched facade; entry holes on the third and fourth floors, consistent with small-arms fire from the street. '.repeat(3).trim();

let session: ArchiveSession;
let browser: Browser;
let page: Page;
let out: string;
let photoCount = 0;

beforeAll(async () => {
  const photos = tempDir('pages-photos-');
  fs.copyFileSync(path.join(ORIENTATION, 'Landscape_6.jpg'), path.join(photos, 'Landscape_6.jpg'));
  fs.copyFileSync(path.join(ORIENTATION, 'Portrait_5.jpg'), path.join(photos, 'Portrait_5.jpg'));
  fs.copyFileSync(path.join(CAMERAS, 'Canon_40D.jpg'), path.join(photos, 'Canon_40D.jpg'));
  await sharp({ create: { width: 200, height: 150, channels: 3, background: '#8a6d3b' } }).jpeg().toFile(path.join(photos, 'tiny.jpg'));

  session = new ArchiveSession(tempDir(), { host: 'web' });
  await session.api.startImport({ paths: [photos], mode: 'reference' });
  await session.idle();
  const list = await session.api.listPhotos({});
  photoCount = list.length;
  expect(photoCount).toBe(4);
  const id = (name: string) => list.find((p) => p.fileName === name)!.id;
  const terms: Term[] = await session.api.getVocabulary({});
  const term = (key: string) => terms.find((t) => t.key === key)!.id;
  // Every descriptive field and six regions with notes, on a landscape and on a portrait photo.
  for (const name of ['Landscape_6.jpg', 'Portrait_5.jpg']) {
    await session.api.applyBatch({
      photoIds: [id(name)], addTagIds: [], removeTagIds: [],
      fields: { title: 'Apartment block, Prospekt Myru 41', caption: LONG, creator: 'A. Researcher', credit: 'Photo: Field Unit', copyright: '© 2022 Field Unit', sublocation: 'Prospekt Myru', city: 'Mariupol', region: 'Donetsk Oblast', country: 'Ukraine', countryCode: 'UA', event: 'Siege of Mariupol', source: 'Camera card 7', provenance: 'Handed over in person', lat: '47.0951', lon: '37.5413' },
    });
    for (let i = 0; i < 6; i++) {
      await session.api.createRegion({
        photoId: id(name), geometry: { type: 'rect', x: 0.05 + i * 0.12, y: 0.1 + (i % 3) * 0.2, w: 0.1, h: 0.15 },
        classId: term(i % 2 ? 'vehicle.minibus' : 'building.residential'), damageIds: [term('damage.gunfire'), term('damage.fire')], severity: 3, confidence: 'certain', note: i === 0 ? LONG : `Region ${i + 1}: fragmentation marks`,
      });
    }
  }

  out = path.join(tempDir('pages-out-'), 'catalogue.html');
  const progress: ExportProgress[] = [];
  session.onEvent((e) => {
    if (e.type === 'export-progress') progress.push(e.progress);
  });
  await session.api.startExport({ format: 'html', out, photoIds: null, options: { bom: true, sourceOrganization: ORG, contactName: '', externalDescription: '', catalogueTitle: TITLE } });
  await session.exportIdle();
  expect(progress.at(-1)).toMatchObject({ state: 'done', done: 4, total: 4 });
  fs.mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
  await page.goto(pathToFileURL(out).href, { waitUntil: 'load' });
});
afterAll(async () => {
  await browser?.close();
  await session?.close();
});

describe('catalogue pages', () => {
  it('starts with a cover carrying the title and organization, as text', async () => {
    expect(await page.locator('[data-cover="title"]').innerText()).toBe(TITLE);
    expect(await page.locator('[data-cover="organization"]').innerText()).toBe(ORG);
    expect(await page.title()).toBe(`${TITLE}, 4 photos`);
    await page.screenshot({ path: path.join(SHOTS, 'catalogue-cover.png') });
  });

  it('prints one A4 page per photo after the cover, each picture with its regions table', async () => {
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    fs.writeFileSync(path.join(SHOTS, 'catalogue-pages.pdf'), pdf);
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(1 + photoCount);
    const { width, height } = doc.getPage(1).getSize();
    expect(Math.abs(width - 595.3)).toBeLessThan(1.5); // A4: 210 x 297 mm in points
    expect(Math.abs(height - 841.9)).toBeLessThan(1.5);
    // In print layout, each annotated photo's picture and its regions table are one unbroken block.
    await page.emulateMedia({ media: 'print' });
    const kept = await page.locator('section.photo .keep').evaluateAll((els) => els.map((e) => getComputedStyle(e).breakInside));
    expect(kept.every((b) => b === 'avoid')).toBe(true);
    await page.emulateMedia({ media: 'screen' });
  });

  it('does not enlarge a small original beyond its own pixels', async () => {
    const block = page.locator('section.photo', { has: page.locator('dd[data-field="File"]', { hasText: 'tiny.jpg' }) });
    const img = (await block.locator('img').boundingBox())!;
    expect(Math.round(img.width)).toBe(200);
    expect(Math.round(img.height)).toBe(150);
    // A large original is shrunk into the page's picture box (at most 100 mm high, 96 CSS px per inch).
    const big = page.locator('section.photo', { has: page.locator('dd[data-field="File"]', { hasText: 'Landscape_6.jpg' }) });
    const box = (await big.locator('img').boundingBox())!;
    expect(box.height).toBeLessThanOrEqual((100 / 25.4) * 96 + 1);
    expect(box.width).toBeGreaterThan(300); // 1800x1200 upright, shrunk (not shown at 1800 px)
    await block.screenshot({ path: path.join(SHOTS, 'catalogue-small-original.png') });
  });

  it('takes the title and organization from the command line too', () => {
    const archive = session.current.dir;
    const cliOut = path.join(tempDir('pages-cli-'), 'c.html');
    execFileSync(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', 'export', 'html', '--archive', archive, '--out', cliOut, '--title', 'Court bundle 12', '--organization', 'Legal Aid'], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const text = fs.readFileSync(cliOut, 'utf8');
    expect(text).toContain('<h1 data-cover="title">Court bundle 12</h1>');
    expect(text).toContain('<p class="organization" data-cover="organization">Legal Aid</p>');
  });
});
