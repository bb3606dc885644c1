// The Export dialog for every format but CSV (tests/e2e/export.test.ts), as a user goes through it
// in Chromium against the real browser host and core: a BagIt bag with bag-info typed in the dialog
// (then checked by verify-bag and byte for byte), XMP sidecars for a selection (read by exiftool),
// COCO and Web Annotation for what a search shows, the printable catalogue opened from disk, and the
// destination mistakes a user makes (an existing name, a folder that cannot be made).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoSummary, Term } from '../../shared/api';
import { callApi, importWithCli } from '../helpers/batch-archive';
import { runCli } from '../helpers/cli';
import { SHOTS, screenshots } from '../helpers/e2e-shots';
import { CAMERAS, copyFixtures, listJpegs, sha256File, tempDir } from '../helpers/fixtures';
import { CHROMIUM, CHROMIUM_ARGS, startHostProcess, type RunningHost } from '../helpers/web-host-process';
import { HOSTILE_CAPTION as CAPTION } from '../helpers/hostile-text';

const NOTE = 'Entry hole, "north" side, 2nd floor,\n<img src=x onerror=alert(2)> see frame 14';
const ORG = 'Харківська правозахисна група';
const CONTACT = 'Олена "Lena" Петренко';
const DESCRIPTION = 'Пошкоджені житлові будинки, Маріуполь, 2022\nShelled residential blocks: originals and annotations';
const RECT = { type: 'rect' as const, x: 0.125, y: 0.25, w: 0.5, h: 0.375 };

type Json = Record<string, unknown>;
const photosDir = copyFixtures(listJpegs(CAMERAS).slice(0, 6));
const outDir = tempDir('export-formats-');
let browser: Browser;
let host: RunningHost;
let page: Page;
let photos: PhotoSummary[];
/** The photo with the hostile caption and note, and the two whose captions mention Kharkiv. */
let hostile: PhotoSummary;
let kharkiv: PhotoSummary[];

const shot = screenshots('export-formats', () => page);
const dialog = () => page.getByRole('dialog', { name: 'Export' });
const bar = () => page.getByRole('status', { name: 'Export progress' });
const tile = (x: PhotoSummary) => page.locator(`.tile[data-photo-id="${x.id}"]`);
const searchBox = () => page.getByRole('searchbox', { name: 'Search photos' });
const byId = (id: number) => photos.find((p) => p.id === id)!;

async function gridPhotos(): Promise<PhotoSummary[]> {
  const ids = await page.locator('.tile').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-photo-id'))));
  return ids.map(byId);
}

/** Files and folders under `dir` (recursively) whose name marks an unfinished export. */
function leftovers(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.exporting$/.test(f));
}

/** Opens the Export dialog and chooses a format, which photos (by the radio's label) and the destination. */
async function chooseExport(format: RegExp, scope: RegExp, out: string): Promise<void> {
  await page.getByRole('button', { name: 'Export…' }).click();
  await dialog().getByRole('radio', { name: format }).check();
  await dialog().getByRole('radio', { name: scope }).check();
  await dialog().getByLabel('Save as').fill(out);
}

/**
 * Presses "Export N photos", waits for the bar's last word, dismisses the bar, and returns that word
 * with every state the bar showed on the way (recorded inside the page, so a short export misses none).
 */
async function runExport(count: number, shotName?: string): Promise<{ message: string; seen: string[] }> {
  await page.evaluate(() => ((window as unknown as { barLog: string[] }).barLog = []));
  await dialog().getByRole('button', { name: `Export ${count} photos` }).click();
  await dialog().waitFor({ state: 'detached' });
  await bar().getByRole('button', { name: 'Dismiss' }).waitFor({ timeout: 60_000 });
  const message = await bar().locator('.import-text').innerText();
  if (shotName) await shot(shotName);
  const seen = await page.evaluate(() => (window as unknown as { barLog: string[] }).barLog);
  await bar().getByRole('button', { name: 'Dismiss' }).click();
  await bar().waitFor({ state: 'detached' });
  return { message, seen };
}

/** exiftool, the reference XMP reader: structures kept, numbers as numbers, tags named by namespace. */
function exiftool(file: string): Json {
  return (JSON.parse(execFileSync('exiftool', ['-json', '-struct', '-n', '-G1', file], { encoding: 'utf8' })) as Json[])[0]!;
}

/** bag-info.txt read by the RFC 8493 rules: "Label: value", and an indented line continues the value after a line break. */
function readBagInfo(file: string): Map<string, string> {
  const info = new Map<string, string>();
  let label = '';
  for (const line of fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '')) {
    if (/^[ \t]/.test(line)) info.set(label, `${info.get(label)}\n${line.replace(/^[ \t]+/, '')}`);
    else {
      const colon = line.indexOf(':');
      label = line.slice(0, colon);
      info.set(label, line.slice(colon + 1).replace(/^[ \t]+/, ''));
    }
  }
  return info;
}

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  host = await startHostProcess(importWithCli(photosDir));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(host.url);
  await page.locator('.tile').first().waitFor();
  photos = await callApi(page, 'listPhotos', {});
  expect(photos).toHaveLength(6);

  const terms: Term[] = await callApi(page, 'getVocabulary', {});
  const term = (key: string) => terms.find((t) => t.key === key)!.id;
  hostile = photos[0]!;
  kharkiv = [photos[2]!, photos[4]!];
  const caption = async (x: PhotoSummary, text: string) => callApi(page, 'applyBatch', { photoIds: [x.id], fields: { caption: text } });
  await caption(hostile, CAPTION);
  await callApi(page, 'createRegion', {
    photoId: hostile.id, geometry: RECT, classId: term('building.residential'), damageIds: [term('damage.blast')], severity: 3, confidence: 'certain', note: NOTE,
  });
  await caption(kharkiv[0]!, 'School No. 134 in Kharkiv after shelling');
  await caption(kharkiv[1]!, 'Kharkiv, Saltivka: burnt-out market stalls');
  await callApi(page, 'createRegion', { photoId: kharkiv[1]!.id, geometry: RECT, classId: term('vehicle.minibus'), damageIds: [term('damage.fire')], severity: 4 });
  await caption(photos[3]!, 'Bridge at Irpin, Kyiv oblast');
  await page.reload();
  await page.locator('.tile').first().waitFor();

  // Every state of the export bar, as the user could have seen it.
  await page.evaluate(() => {
    const w = window as unknown as { barLog: string[] };
    w.barLog = [];
    new MutationObserver(() => {
      const el = document.querySelector('[role="status"][aria-label="Export progress"]');
      if (!el) return;
      const state = `${el.querySelector('progress') ? '[progress bar] ' : ''}${el.querySelector('.import-text')?.textContent ?? ''}`;
      if (w.barLog.at(-1) !== state) w.barLog.push(state);
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('export formats from the Export dialog', () => {
  it('packs the whole archive as a BagIt bag with the bag-info typed in the dialog, and verify-bag accepts it', async () => {
    const out = path.join(outDir, 'Bag for the court');
    await chooseExport(/BagIt package/, /whole archive/, out);
    const info = dialog().getByRole('group', { name: 'bag-info.txt' });
    await info.getByLabel('Source organization').fill(ORG);
    await info.getByLabel('Contact name').fill(CONTACT);
    await info.getByLabel('Description').fill(DESCRIPTION);
    await shot('1-bagit-dialog');
    const { message, seen } = await runExport(6, '2-bagit-done');
    expect(message).toBe(`Exported 6 photos to ${out}.`);
    // The bar showed progress ("Exporting BagIt package: k of 6") until the final message replaced it.
    expect(seen.length, seen.join(' | ')).toBeGreaterThan(1);
    expect(seen.slice(0, -1).every((s) => /^\[progress bar\] Exporting BagIt package: \d of 6/.test(s)), seen.join(' | ')).toBe(true);
    expect(seen.at(-1)).toBe(message);

    const verified = await runCli('verify-bag', out);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);

    const bagInfo = readBagInfo(path.join(out, 'bag-info.txt'));
    expect(bagInfo.get('Source-Organization')).toBe(ORG);
    expect(bagInfo.get('Contact-Name')).toBe(CONTACT);
    expect(bagInfo.get('External-Description')).toBe(DESCRIPTION);
    // The second line of the description is a continuation line, not an element of its own.
    expect(fs.readFileSync(path.join(out, 'bag-info.txt'), 'utf8')).toMatch(/\nExternal-Description: [^\n]+\n[ \t]+Shelled residential blocks/);
    const payload = fs.readdirSync(path.join(out, 'data'), { recursive: true, encoding: 'utf8' }).map((f) => path.join(out, 'data', f)).filter((f) => fs.statSync(f).isFile());
    const bytes = payload.reduce((sum, f) => sum + fs.statSync(f).size, 0);
    expect(bagInfo.get('Payload-Oxum')).toBe(`${bytes}.${payload.length}`);

    // The originals, byte for byte as the researcher's own files.
    expect(fs.readdirSync(path.join(out, 'data', 'originals')).sort()).toEqual(photos.map((p) => p.fileName).sort());
    for (const p of photos) expect(sha256File(path.join(out, 'data', 'originals', p.fileName)), p.fileName).toBe(sha256File(path.join(photosDir, p.fileName)));
  });

  it('writes one XMP sidecar per selected photo, and exiftool reads the hostile caption and the region back exactly', async () => {
    await tile(hostile).click();
    await tile(kharkiv[0]!).click({ modifiers: ['Control'] });
    await page.getByText('2 selected').waitFor();
    const out = path.join(outDir, 'sidecars');
    await chooseExport(/XMP sidecars/, /2 selected/, out);
    const { message } = await runExport(2);
    expect(message).toBe(`Exported 2 photos to ${out}.`);
    // Plus ExifTool's definitions of our namespace (exiftool -config damage-archive.config).
    expect(fs.readdirSync(out).sort()).toEqual([...[hostile, kharkiv[0]!].map((p) => `${p.fileName}.xmp`), 'damage-archive.config'].sort());

    const x = exiftool(path.join(out, `${hostile.fileName}.xmp`));
    expect(x['XMP-dc:Description']).toBe(CAPTION);
    const regions = x['XMP-iptcExt:ImageRegion'] as Json[];
    expect(regions).toHaveLength(1);
    expect(regions[0]!.RegionBoundary).toEqual({ RbShape: 'rectangle', RbUnit: 'relative', RbX: RECT.x, RbY: RECT.y, RbW: RECT.w, RbH: RECT.h });
    expect(regions[0]!['XMP-dma:Note']).toBe(NOTE);
    expect(regions[0]!['XMP-dma:Severity']).toBe(3);
    // Written as XML text, never as markup: the "<script>" is escaped in the file itself.
    expect(fs.readFileSync(path.join(out, `${hostile.fileName}.xmp`), 'utf8')).not.toContain('<script>');
  });

  describe('for the photos a search shows', () => {
    let shown: PhotoSummary[];

    it('narrows the grid with a typed search', async () => {
      await searchBox().fill('kharkiv');
      await expect.poll(async () => (await gridPhotos()).map((p) => p.id).sort()).toEqual(kharkiv.map((p) => p.id).sort());
      shown = await gridPhotos();
    });

    it('exports them as COCO: the image list is the grid', async () => {
      const out = path.join(outDir, 'kharkiv.coco.json');
      await chooseExport(/COCO JSON/, /2 shown by the current search/, out);
      const { message } = await runExport(2);
      expect(message).toBe(`Exported 2 photos to ${out}.`);
      const coco = JSON.parse(fs.readFileSync(out, 'utf8')) as { images: Array<{ id: number; file_name: string }>; annotations: Array<{ image_id: number }> };
      expect(coco.images.map((i) => i.file_name).sort()).toEqual(shown.map((p) => p.fileName).sort());
      const withRegion = coco.images.find((i) => i.file_name === kharkiv[1]!.fileName)!;
      expect(coco.annotations.map((a) => a.image_id)).toEqual([withRegion.id]);
    });

    it('exports them as Web Annotation: the annotated images are the grid', async () => {
      const out = path.join(outDir, 'kharkiv.jsonld');
      await chooseExport(/W3C Web Annotation/, /2 shown by the current search/, out);
      const { message } = await runExport(2);
      expect(message).toBe(`Exported 2 photos to ${out}.`);
      const doc = JSON.parse(fs.readFileSync(out, 'utf8')) as { first: { items: Array<{ target: { source: string } }> } };
      const sources = new Set(doc.first.items.map((a) => a.target.source));
      // Each shown photo has a caption, so each is the target of at least one annotation; no other photo is.
      expect([...sources].sort()).toEqual(shown.map((p) => `urn:sha256:${sha256File(path.join(photosDir, p.fileName))}`).sort());
    });
  });

  it('prints a catalogue that opens from disk and shows the hostile caption as plain text', async () => {
    await searchBox().fill('');
    await expect.poll(async () => (await gridPhotos()).length).toBe(6);
    const out = path.join(outDir, 'catalogue.html');
    await chooseExport(/Printable catalogue/, /whole archive/, out);
    const { message } = await runExport(6);
    expect(message).toBe(`Exported 6 photos to ${out}.`);

    const reader = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    const dialogs: string[] = [];
    reader.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    try {
      await reader.goto(pathToFileURL(out).href, { waitUntil: 'load' });
      await reader.screenshot({ path: path.join(SHOTS, 'export-formats-3-catalogue.png'), fullPage: true });
      const captions = await reader.locator('dd[data-field="Caption"]').allInnerTexts();
      expect(captions).toContain(CAPTION);
      expect(await reader.locator('td[data-note]').allInnerTexts()).toContain(NOTE);
      expect(await reader.locator('script').count()).toBe(0);
      expect(await reader.evaluate(() => document.querySelectorAll('[onerror], [onload]').length)).toBe(0);
      expect(dialogs).toEqual([]);
    } finally {
      await reader.close();
    }
  });

  it('refuses to overwrite an existing file, says so, and leaves the file as it was', async () => {
    const out = path.join(outDir, 'catalogue.html');
    const before = fs.readFileSync(out);
    await chooseExport(/Printable catalogue/, /whole archive/, out);
    // Refused before any job starts: the dialog stays open and names the file.
    await dialog().getByRole('button', { name: 'Export 6 photos' }).click();
    const alert = dialog().getByRole('alert');
    await alert.getByText(/already exists; exports never replace anything/).waitFor();
    expect(await alert.innerText()).toContain(out);
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await dialog().waitFor({ state: 'detached' });
    expect(fs.readFileSync(out).equals(before)).toBe(true);
    expect(leftovers(outDir)).toEqual([]);
  });

  it('says clearly when the destination folder cannot be made, and leaves no temporary file', async () => {
    const blocker = path.join(outDir, 'not a folder.txt');
    fs.writeFileSync(blocker, 'a file where the user expected a folder\n');
    // A file in the way further up the path (ENOTDIR), and a file where the folder itself should be (EEXIST).
    for (const [i, out] of [path.join(blocker, 'exports', 'photos.json'), path.join(blocker, 'photos.json')].entries()) {
      await chooseExport(/COCO JSON/, /whole archive/, out);
      const { message } = await runExport(6, `4-destination-failed-${i + 1}`);
      expect(message).toBe(`Export failed: Cannot create the folder ${path.dirname(out)}: part of that path is a file, not a folder.`);
      expect(fs.readFileSync(blocker, 'utf8')).toBe('a file where the user expected a folder\n');
      expect(leftovers(outDir)).toEqual([]);
    }
  });
});
