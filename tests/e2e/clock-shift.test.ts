// Camera clock correction in Chromium against the real browser host and core: a selection shifted
// from the batch panel's dialog after its before -> after preview (the undated photo reported, not
// given a time), the grid re-sorted by the corrected time, Ctrl+Z reverting the whole shift in one
// step and Ctrl+Shift+Z redoing it, and the photo view showing the corrected time beside what the
// camera said, with "set this photo's true time" from there.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoSummary } from '../../shared/api';
import { callApi, importWithCli } from '../helpers/batch-archive';
import { tempDir } from '../helpers/fixtures';
import { CHROMIUM, CHROMIUM_ARGS, startHostProcess, type RunningHost } from '../helpers/web-host-process';
import { screenshots } from '../helpers/e2e-shots';

let browser: Browser;
let host: RunningHost;
let page: Page;
const id: Record<string, number> = {};

const shot = screenshots('clock', () => page);
const tile = (name: string) => page.locator(`.tile[data-photo-id="${id[name]}"]`);
const gridOrder = () => page.locator('.tile').evaluateAll((els) => els.map((e) => e.getAttribute('title')));
const toast = () => page.getByTestId('toast');

async function photo(folder: string, name: string, colour: string, tags: string[]): Promise<void> {
  const file = path.join(folder, name);
  await sharp({ create: { width: 320, height: 240, channels: 3, background: colour } }).jpeg().toFile(file);
  if (tags.length) execFileSync('exiftool', ['-q', '-overwrite_original', ...tags, file]);
}

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  const folder = tempDir('clock-e2e-');
  // The camera that took early and late ran 1 h 03 min slow.
  await photo(folder, 'early.jpg', '#a33', ['-DateTimeOriginal=2022:07:01 23:30:00', '-Model=Slow Camera']);
  await photo(folder, 'late.jpg', '#3a3', ['-DateTimeOriginal=2022:07:01 23:40:00', '-Model=Slow Camera']);
  await photo(folder, 'midnight.jpg', '#33a', ['-DateTimeOriginal=2022:07:02 00:40:00', '-Model=Right Camera']);
  await photo(folder, 'undated.jpg', '#999', []);
  host = await startHostProcess(importWithCli(folder));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(host.url);
  await page.locator('.tile img').first().waitFor();
  for (const p of (await callApi(page, 'listPhotos', {})) as PhotoSummary[]) id[p.fileName] = p.id;
  expect(await gridOrder()).toEqual(['early.jpg', 'late.jpg', 'midnight.jpg', 'undated.jpg']);
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('camera clock correction', () => {
  it('previews the shift of a selection in the batch panel, then applies it as one step', async () => {
    await tile('early.jpg').click();
    await tile('late.jpg').click({ modifiers: ['Shift'] });
    await tile('undated.jpg').click({ modifiers: ['Control'] });
    await page.getByText('3 selected').waitFor();
    await page.getByRole('button', { name: 'Tag / describe selection…' }).click();
    const panel = page.getByRole('complementary', { name: 'Tag and describe selection' });
    await panel.getByRole('button', { name: 'Correct clock…' }).click();

    const dialog = page.getByRole('dialog', { name: 'Correct camera clock' });
    await dialog.waitFor();
    // Keyboard only: the hours field has the focus; Tab to minutes.
    await page.keyboard.type('1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('3');
    const preview = dialog.getByTestId('clock-preview');
    await preview.getByText('Clock corrected by +1 h 03 min on 2 photos').waitFor();
    const rows = await dialog.locator('.clock-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows).toEqual([
      ['early.jpg', '2022-07-01 23:30:00', '2022-07-01 23:30:00', '2022-07-02 00:33:00'],
      ['late.jpg', '2022-07-01 23:40:00', '2022-07-01 23:40:00', '2022-07-02 00:43:00'],
    ]);
    expect(await preview.getByRole('note').innerText()).toContain('undated.jpg');
    await shot('preview');

    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => toast().innerText()).toContain('Clock corrected by +1 h 03 min on 2 photos');
    await expect.poll(gridOrder).toEqual(['early.jpg', 'midnight.jpg', 'late.jpg', 'undated.jpg']);
    expect(await tile('late.jpg').locator('.tile-date').getAttribute('title')).toBe('Camera clock corrected; the camera said 2022:07:01 23:40:00');
    await shot('grid');
    const late = await callApi(page, 'getPhoto', { id: id['late.jpg']! });
    expect(late.capture?.raw).toBe('2022:07:01 23:40:00');
    expect(late.clock?.local).toBe('2022-07-02T00:43:00');
    expect((await callApi(page, 'getPhoto', { id: id['undated.jpg']! })).clock ?? null).toBeNull();
  });

  it('Ctrl+Z reverts the whole shift in one step, Ctrl+Shift+Z redoes it', async () => {
    await page.getByRole('button', { name: 'Close the tag panel' }).click();
    await page.keyboard.press('Control+z');
    await expect.poll(gridOrder).toEqual(['early.jpg', 'late.jpg', 'midnight.jpg', 'undated.jpg']);
    for (const name of ['early.jpg', 'late.jpg']) expect((await callApi(page, 'getPhoto', { id: id[name]! })).clock ?? null).toBeNull();
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(gridOrder).toEqual(['early.jpg', 'midnight.jpg', 'late.jpg', 'undated.jpg']);
    expect((await callApi(page, 'getPhoto', { id: id['early.jpg']! })).clock?.offsetSeconds).toBe(3780);
  });

  it('the photo view shows the corrected time with who set it and what the camera said, and sets a true time', async () => {
    await tile('late.jpg').dblclick();
    await page.getByRole('dialog', { name: 'Photo late.jpg' }).waitFor();
    await page.getByRole('tab', { name: 'Metadata' }).click();
    const corrected = page.locator('[data-field="correctedAt"]');
    await expect.poll(() => corrected.innerText()).toBe('2022-07-02 00:43:00');
    expect(await page.locator('[data-field="clockCorrection"]').innerText()).toMatch(/^Clock corrected \+1 h 03 min/);
    expect(await page.locator('[data-field="takenAt"]').innerText()).toBe('2022-07-01 23:40:00');
    await corrected.scrollIntoViewIfNeeded();
    await shot('photo-view');

    await page.getByRole('button', { name: 'Correct camera clock…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Correct camera clock' });
    await dialog.getByRole('radio', { name: /Set the true time of late.jpg/ }).check();
    const field = dialog.getByLabel('True local time');
    // Chromium leaves out ":00" seconds in a datetime-local value.
    await expect.poll(() => field.inputValue()).toBe('2022-07-02T00:43');
    await field.fill('2022-07-02T00:45');
    await dialog.getByText('Clock corrected by +2 min on 1 photo (late.jpg set to 2022-07-02 00:45:00)').waitFor();
    await dialog.getByRole('button', { name: 'Shift 1 photo' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => corrected.innerText()).toBe('2022-07-02 00:45:00');
    expect((await callApi(page, 'getPhoto', { id: id['late.jpg']! })).clock?.offsetSeconds).toBe(3780 + 120);
  });
});
