// The photo view's Investigate tab in Chromium against the real host: near-duplicates of a photo
// found after a CLI import (hashed in the background when the host opens the archive), a "not the
// same" decision that survives a reload, the near-duplicates filter, and the time and place checks.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, importWithCli } from '../helpers/batch-archive';
import { CAMERAS, PROJECT_ROOT, copyFixtures, tempDir } from '../helpers/fixtures';
import { CHROMIUM, CHROMIUM_ARGS, startHostProcess, type RunningHost } from '../helpers/web-host-process';

const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'e2e');
const archiveDir = tempDir();
const photos = copyFixtures(['gps__DSCN0010.jpg', 'Nikon_D70.jpg', 'Kodak_CX7530.jpg'].map((f) => path.join(CAMERAS, f)));

let browser: Browser;
let host: RunningHost;
let page: Page;

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  // Copies as they circulate: recompressed small, and cropped.
  const src = path.join(CAMERAS, 'Nikon_D70.jpg');
  const { width, height } = await sharp(src).metadata();
  await sharp(src).rotate().resize(800).jpeg({ quality: 40 }).toFile(path.join(photos, 'forwarded.jpg'));
  await sharp(src)
    .rotate()
    .extract({ left: Math.round(width! * 0.05), top: Math.round(height! * 0.05), width: Math.round(width! * 0.9), height: Math.round(height! * 0.9) })
    .toFile(path.join(photos, 'cropped.jpg'));
  importWithCli(photos, archiveDir);
  host = await startHostProcess(archiveDir);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(host.url);
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

async function openInvestigate(fileName: string): Promise<void> {
  if (await page.getByRole('dialog').count()) await page.getByRole('button', { name: '← Grid' }).click();
  await page.locator(`.tile[title="${fileName}"]`).dblclick();
  await page.getByRole('dialog', { name: `Photo ${fileName}` }).waitFor();
  await page.getByRole('tab', { name: 'Investigate' }).click();
}

describe('investigate a photo', () => {
  it('lists the recompressed and the cropped copy as near-duplicates of the camera original', async () => {
    await openInvestigate('Nikon_D70.jpg');
    const list = page.getByRole('list', { name: 'Near-duplicates' });
    await expect.poll(() => list.getByRole('listitem').count(), { timeout: 30_000 }).toBe(2);
    const text = await list.innerText();
    expect(text).toContain('forwarded.jpg');
    expect(text).toContain('cropped.jpg');
    expect(text).toMatch(/\d+ of 64 bits apart/);
    expect(await page.locator('.similar-self').innerText()).toMatch(/has camera metadata|largest|earliest/);
    await page.screenshot({ path: path.join(SHOTS, 'investigate-similar-1440.png') });
  });

  it('records "Not the same", keeps it across a reload, and the photo leaves the near-duplicates filter', async () => {
    const item = page.getByRole('listitem').filter({ hasText: 'forwarded.jpg' });
    await item.getByRole('button', { name: 'Not the same' }).click();
    await expect.poll(() => item.getByRole('button', { name: 'Not the same' }).getAttribute('aria-pressed')).toBe('true');
    await page.reload();
    await openInvestigate('Nikon_D70.jpg');
    const again = page.getByRole('listitem').filter({ hasText: 'forwarded.jpg' });
    await expect.poll(() => again.getByRole('button', { name: 'Not the same' }).getAttribute('aria-pressed')).toBe('true');
    // forwarded.jpg is still a near-duplicate of cropped.jpg; once that pair is called different too, it leaves the filter.
    const names = async () => (await callApi(page, 'searchPhotos', { flags: ['near-duplicates'] })).map((p) => p.fileName).sort();
    expect(await names()).toEqual(['Nikon_D70.jpg', 'cropped.jpg', 'forwarded.jpg']);
    const id = async (name: string) => (await callApi(page, 'listPhotos', {})).find((p) => p.fileName === name)!.id;
    await callApi(page, 'decideSimilar', { a: await id('cropped.jpg'), b: await id('forwarded.jpg'), verdict: 'different' });
    expect(await names()).toEqual(['Nikon_D70.jpg', 'cropped.jpg']);
    const flagged = await callApi(page, 'searchPhotos', { flags: ['near-duplicates'] });
    const history = await callApi(page, 'getHistory', { photoId: flagged.find((p) => p.fileName === 'Nikon_D70.jpg')!.id, limit: 10 });
    expect(history[0]!.description).toMatch(/not the same image/);
  });

  it('shows the capture time in UTC derived from the GPS position, and the sun then', async () => {
    await openInvestigate('gps__DSCN0010.jpg');
    const tp = page.locator('.timeplace');
    await tp.waitFor();
    const text = await tp.innerText();
    expect(text).toContain('Europe/Rome');
    expect(text).toMatch(/the local time read in the time zone of the photo's position \(\+0[12]:00\)/);
    expect(text).toMatch(/azimuth \d+\.\d° \(clockwise from true north\), elevation -?\d+\.\d°/);
    await page.screenshot({ path: path.join(SHOTS, 'investigate-timeplace-1440.png') });
  });
});
