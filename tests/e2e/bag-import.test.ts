// An archivist receives a BagIt package from a colleague and imports it in browser mode, in Chromium
// against the real host and core: a fresh, empty archive; Import… > "A BagIt package"; the bag's
// folder typed in (browsers hide real paths); the progress bar, then one sentence saying what came
// in; the thumbnails; a photo with its regions and its (hostile) caption. A damaged bag is refused
// with its problems listed, and nothing is imported.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeFileName } from '../../electron/catalog/bag/safe-name';
import { HOSTILE_CAPTION, HOSTILE_NOTE, ODD_NAMES, bagArchive, exportBag } from '../helpers/bag-archive';
import { screenshots } from '../helpers/e2e-shots';
import { tempDir } from '../helpers/fixtures';
import { CHROMIUM, CHROMIUM_ARGS, startHostProcess, type RunningHost } from '../helpers/web-host-process';

let browser: Browser;
let host: RunningHost;
let page: Page;
let bag: string;
let damaged: string;
const shot = screenshots('bag-import', () => page);

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  // The colleague's archive: real photos, annotated by two people, an album; exported as a bag.
  const source = await bagArchive();
  try {
    const rotated = (await source.session.api.listPhotos({})).find((p) => p.fileName === ODD_NAMES.newline)!;
    await source.session.api.createCollection({ name: 'Drama theatre, exhibit', kind: 'album', query: null, photoIds: [rotated.id] });
    bag = path.join(tempDir('bag-e2e-'), 'Mariupol 2022 bag');
    const { last } = await exportBag(source.session, bag, { options: { sourceOrganization: 'KHRG' } });
    if (last.state !== 'done') throw new Error(`the bag was not made: ${last.message}`);
  } finally {
    await source.close();
  }
  // The same bag with one original changed on the way.
  damaged = path.join(tempDir('bag-e2e-bad-'), 'damaged bag');
  fs.cpSync(bag, damaged, { recursive: true });
  const f = path.join(damaged, 'data', 'originals', ODD_NAMES.quotes);
  const bytes = fs.readFileSync(f);
  bytes.writeUInt8(bytes.readUInt8(2000) ^ 0xff, 2000);
  fs.writeFileSync(f, bytes);

  host = await startHostProcess(tempDir('bag-e2e-archive-'));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'This archive is empty' }).waitFor();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

/** Through the toolbar's Import… and the dialog's "A BagIt package" choice, or the empty archive's own button. */
async function importBag(dir: string, via: 'toolbar' | 'welcome' = 'toolbar'): Promise<void> {
  if (via === 'welcome') {
    await page.getByRole('button', { name: 'Import a BagIt package…' }).click();
  } else {
    await page.getByRole('button', { name: 'Import…' }).first().click();
    await page.getByRole('dialog', { name: 'Import photos' }).getByLabel(/A BagIt package/).check();
  }
  const dialog = page.getByRole('dialog', { name: 'Import a BagIt package' });
  await dialog.getByLabel('Bag folder').fill(dir);
  await shot(dir === bag ? '1-dialog' : '5-dialog-damaged');
  await dialog.getByRole('button', { name: 'Import bag' }).click();
}

/** The viewer's image has detail (a blank or broken image is uniform). */
async function detail(png: Buffer, box: { x: number; y: number; width: number; height: number }): Promise<number> {
  const s = await sharp(png)
    .extract({ left: Math.round(box.x), top: Math.round(box.y), width: Math.round(box.width), height: Math.round(box.height) })
    .greyscale()
    .stats();
  return s.channels[0]!.stdev;
}

describe('import a BagIt package in browser mode', () => {
  it('refuses a damaged bag, lists its problems, and imports nothing', async () => {
    await importBag(damaged);
    const problems = page.getByRole('alertdialog', { name: 'Bag not imported' });
    await problems.waitFor({ timeout: 60_000 });
    await problems.getByText('The bag "damaged bag" is not a valid BagIt package (2 problems); nothing was imported.').waitFor();
    const items = problems.getByRole('list', { name: 'Problems found in the bag' }).getByRole('listitem');
    await expect(items.count()).resolves.toBe(2);
    await expect(items.first().textContent()).resolves.toMatch(/^data\/originals\/it's "here", ok\.jpg: sha256 checksum does not match manifest-sha256\.txt/);
    await shot('6-damaged-refused');
    await problems.getByRole('button', { name: 'Close' }).click();
    // The bar keeps the sentence and can show the list again; the archive is still empty.
    const bar = page.getByRole('status').filter({ hasText: 'not a valid BagIt package' });
    await bar.getByRole('button', { name: "Show the bag's problems" }).click();
    await problems.waitFor();
    await problems.getByRole('button', { name: 'Close' }).click();
    await bar.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByRole('heading', { name: 'This archive is empty' }).waitFor();
    expect(await page.locator('.tile').count()).toBe(0);
  });

  it('imports the bag by its typed path, with progress and a closing sentence, and shows the thumbnails', async () => {
    await importBag(bag, 'welcome');
    const bar = page.getByRole('status').filter({ hasText: 'Mariupol 2022 bag' });
    await bar.waitFor();
    await bar.getByText(/^Imported 7 photos, 4 regions, \d+ tags, \d+ history entries and 1 collection from bag Mariupol 2022 bag\. 1 file name from the bag had to be made safe\.$/).waitFor({ timeout: 60_000 });
    await page.locator('.tile').nth(6).waitFor();
    await page.waitForFunction(() => {
      const imgs = [...document.querySelectorAll<HTMLImageElement>('.tile img')];
      return imgs.length === 7 && imgs.every((i) => i.complete && i.naturalWidth > 0);
    });
    expect(await page.locator('.tile').count()).toBe(7);
    await page.getByText('Drama theatre, exhibit').first().waitFor(); // the album, in the sidebar
    await shot('2-imported');
    // The closing sentence counts what differed; the bar lists each line on request.
    await bar.getByRole('button', { name: 'Show 1 conflict' }).click();
    const report = page.getByRole('alertdialog', { name: 'Bag imported with conflicts' });
    const lines = report.getByRole('list', { name: 'Conflicts with this archive' }).getByRole('listitem');
    await expect(lines.count()).resolves.toBe(1);
    await expect(lines.first().textContent()).resolves.toMatch(/^The file name .* in the bag was made safe: /);
    await shot('2b-conflicts');
    await report.getByRole('button', { name: 'Close' }).click();
  });

  it('opens a photo from the bag with its regions and its caption', async () => {
    const titles = await page.locator('.tile').evaluateAll((tiles) => tiles.map((t) => t.getAttribute('title')));
    // The bag's name with a line break is made safe on import (the line break becomes a space).
    const name = safeFileName(ODD_NAMES.newline).name;
    const at = titles.indexOf(name);
    expect(at).toBeGreaterThanOrEqual(0);
    await page.locator('.tile').nth(at).dblclick();
    const viewer = page.getByRole('dialog', { name: `Photo ${name}` });
    await viewer.waitFor();
    await page.waitForFunction(() => {
      const i = document.querySelector<HTMLImageElement>('.viewer-image img:not(.annot-full)');
      return !!i && i.complete && i.naturalWidth > 0;
    });
    await expect.poll(() => viewer.locator('.annot-overlay [data-region-id]').count()).toBe(2);
    await viewer.getByRole('tab', { name: 'Metadata' }).click();
    await expect(viewer.getByLabel('Caption').first().inputValue()).resolves.toBe(HOSTILE_CAPTION);
    const png = await shot('3-photo-metadata');
    expect(await detail(png, (await viewer.locator('.viewer-image img:not(.annot-full)').boundingBox())!)).toBeGreaterThan(15);
    // The region drawn around the building, with its note (quotes, commas, a line break) as written.
    await viewer.getByRole('tab', { name: 'Annotate' }).click();
    await viewer.locator('.annot-overlay [data-shape=rect]').first().click();
    const form = viewer.getByRole('region', { name: 'Selected region' });
    await expect(form.getByLabel('Note').inputValue()).resolves.toBe(HOSTILE_NOTE);
    await shot('4-photo-region');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });
});
