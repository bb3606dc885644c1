// Custody in Chromium against the real browser host, part two: the time-stamping authority set in
// Settings and "Time-stamp now" against a real local TSA (openssl ts), the Verify dialog (progress,
// result per photo, chain, time-stamps; a changed original shown as such), the custody report from
// the Export dialog for the selection, and Reinstate from the Withdrawn filter.
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, importWithCli } from '../helpers/batch-archive';
import { CAMERAS, copyFixtures, listJpegs } from '../helpers/fixtures';
import { screenshots } from '../helpers/e2e-shots';
import { startLocalTsa, type LocalTsa } from '../helpers/local-tsa';
import { CHROMIUM, CHROMIUM_ARGS, startHostProcess, type RunningHost } from '../helpers/web-host-process';

let browser: Browser;
let host: RunningHost;
let page: Page;
let tsa: LocalTsa;
let photosDir: string;
const shot = screenshots('custody-verify', () => page);

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  tsa = await startLocalTsa();
  photosDir = copyFixtures(listJpegs(CAMERAS).slice(0, 3));
  host = await startHostProcess(importWithCli(photosDir));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await page.goto(host.url);
  await page.locator('.tile').first().waitFor();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await tsa?.close();
});

const tile = (id: number) => page.locator(`.tile[data-photo-id="${id}"]`);

describe('verify, time-stamps, custody report from Export, reinstate', () => {
  it('sets the time-stamping authority in Settings and time-stamps the chain head now', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    const field = dialog.getByLabel('Time-stamping authority URL');
    await field.fill('ftp://tsa.example/');
    await dialog.getByRole('button', { name: 'Use this authority' }).click();
    await dialog.getByRole('alert').getByText(/http:\/\/ or https:\/\//).waitFor();
    expect(tsa.requests).toBe(0);
    await field.fill(tsa.url);
    await dialog.getByRole('button', { name: 'Use this authority' }).click();
    await dialog.getByText(`Time-stamps will be asked of ${tsa.url}.`).waitFor();
    await dialog.getByRole('button', { name: 'Time-stamp now' }).click();
    await dialog.getByText(/^Time-stamped: history up to entry \d+, at .* by CN=Test TSA, O=Damage Archive tests\.$/).waitFor();
    expect(tsa.requests).toBe(1);
    await shot('settings-tsa');
    expect((await callApi(page, 'getSettings', {})).tsaUrl).toBe(tsa.url);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  }, 60_000);

  it('Verify shows progress, each photo, the chain and the time-stamps; a changed original is named', async () => {
    const photos = await callApi(page, 'listPhotos', {});
    await page.getByRole('button', { name: 'Verify…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Verify' });
    await dialog.getByText('All 3 originals unchanged (SHA-256 as recorded at import).').waitFor({ timeout: 30_000 });
    await dialog.getByText(/^History chain intact: \d+ entries\.$/).waitFor();
    await dialog.getByText('The time-stamp verifies (imprint and signature, checked offline).').waitFor();
    const perPhoto = dialog.getByRole('table', { name: 'Result per photo' });
    for (const p of photos) await perPhoto.getByRole('row', { name: `${p.fileName} unchanged` }).waitFor();
    const stamps = dialog.getByRole('table', { name: 'Time-stamps' });
    await stamps.getByRole('cell', { name: /^History chain head \(entry \d+\)$/ }).waitFor();
    await stamps.getByRole('cell', { name: 'verifies' }).waitFor();
    await stamps.getByRole('cell', { name: 'CN=Test TSA, O=Damage Archive tests' }).waitFor();

    // One original changed behind the archive's back: named, in red, with what was found.
    const changed = photos[0]!;
    const original = (await callApi(page, 'getPhoto', { id: changed.id })).sourcePath;
    fs.appendFileSync(original, Buffer.from('tampered'));
    await dialog.getByRole('button', { name: 'Verify again' }).click();
    await dialog.getByText('1 of 3 originals changed or missing; 2 unchanged.').waitFor({ timeout: 30_000 });
    await perPhoto.getByRole('row', { name: new RegExp(`^${changed.fileName.replace(/\./g, '\\.')} changed: `) }).waitFor();
    await shot('dialog');
    // The progress was shown while it ran (the core's verify-progress events).
    await dialog.getByRole('button', { name: 'Verify again' }).click();
    await dialog.getByRole('status').filter({ hasText: /Re-hashing originals|Checking the history chain/ }).or(dialog.getByText('1 of 3 originals changed or missing; 2 unchanged.')).first().waitFor();
    await dialog.getByText('1 of 3 originals changed or missing; 2 unchanged.').waitFor({ timeout: 30_000 });
    await dialog.getByRole('button', { name: 'Close' }).click();
    // Each run is recorded in the photo's history.
    const history = await callApi(page, 'getHistory', { photoId: changed.id, limit: 50 });
    expect(history.filter((h) => h.action === 'custody.verify').length).toBe(3);
  }, 120_000);

  it('the Export dialog saves the custody report of the selection', async () => {
    const photos = await callApi(page, 'listPhotos', {});
    const chosen = photos[1]!;
    await tile(chosen.id).click();
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.getByText('Custody report of this photo: hashes, every event and edit, the chain check, time-stamps.').waitFor();
    await shot('export-dialog');
    const downloads: Array<{ name: string; text: string }> = [];
    page.on('download', (d) => void d.path().then((p) => downloads.push({ name: d.suggestedFilename(), text: fs.readFileSync(p, 'utf8') })));
    await dialog.getByRole('button', { name: 'Custody report' }).click();
    await expect.poll(() => downloads.length, { timeout: 20_000 }).toBe(2);
    const html = downloads.find((d) => d.name === `custody-photo-${chosen.id}.html`)!;
    expect(html.text).toContain(`<h2>${chosen.fileName} <small>(photo ${chosen.id})</small></h2>`);
    expect(html.text).toMatch(/Trusted time-stamps<\/h2><ul><li>/);
    const json = JSON.parse(downloads.find((d) => d.name === `custody-photo-${chosen.id}.json`)!.text) as { photos: Array<{ id: number }> };
    expect(json.photos.map((p) => p.id)).toEqual([chosen.id]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  }, 60_000);

  it('Reinstate under the Withdrawn filter brings a withdrawn photo back into the grid', async () => {
    const photos = await callApi(page, 'listPhotos', {});
    const victim = photos[2]!;
    await callApi(page, 'withdrawPhotos', { photoIds: [victim.id], reason: 'Imported by mistake' });
    await expect.poll(() => tile(victim.id).count()).toBe(0);
    const flags = page.getByRole('complementary', { name: 'Collections and filters' }).getByRole('region', { name: 'Flags' });
    await flags.getByRole('button', { name: /^Withdrawn/ }).click();
    await expect.poll(() => page.locator('.tile').count()).toBe(1);
    await tile(victim.id).click();
    await page.getByRole('button', { name: 'Reinstate…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reinstate photos' });
    await dialog.getByText('Reinstates 1 photo.').waitFor();
    await shot('reinstate');
    await dialog.getByRole('button', { name: 'Reinstate', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    // Gone from the Withdrawn view, back in the catalogue.
    await expect.poll(() => tile(victim.id).count()).toBe(0);
    await flags.getByRole('button', { name: /^Withdrawn/ }).click();
    await expect.poll(() => tile(victim.id).count()).toBe(1);
    expect((await callApi(page, 'getPhoto', { id: victim.id })).withdrawn).toBeNull();
    const last = (await callApi(page, 'getHistory', { photoId: victim.id, limit: 5 }))[0]!;
    expect(last.action).toBe('photo.reinstate');
  }, 60_000);
});
