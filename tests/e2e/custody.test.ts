// Chain of custody in Chromium against the real browser host: the first-start "Who is working?"
// prompt, the photo's history read as a person reads it (field and region changes with stable R-<id>
// names and the actor's name), and withdrawing the selection from the grid, with reinstatement.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, importWithCli } from '../helpers/batch-archive';
import { CAMERAS, PROJECT_ROOT, copyFixtures, listJpegs } from '../helpers/fixtures';
import { CHROMIUM, CHROMIUM_ARGS, startHostProcess, type RunningHost } from '../helpers/web-host-process';

const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'e2e');
let browser: Browser;
let host: RunningHost;
let page: Page;

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  const archive = importWithCli(copyFixtures(listJpegs(CAMERAS).slice(0, 3)));
  host = await startHostProcess(archive, { userName: null });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(host.url);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('chain of custody in the app', () => {
  it('asks who is working on first start and records that name', async () => {
    const dialog = page.getByRole('dialog', { name: 'Who is working?' });
    await dialog.waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'custody-who-is-working.png') });
    await dialog.getByLabel('Your name').fill('Nadia Field');
    await dialog.getByRole('button', { name: 'Start working' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await callApi(page, 'getSettings', {})).userName).toBe('Nadia Field');
    // A reload does not ask again.
    await page.reload();
    await page.locator('.tile').first().waitFor();
    expect(await page.getByRole('dialog', { name: 'Who is working?' }).count()).toBe(0);
  }, 60_000);

  it('shows the history as a person reads it, with stable region names and the actor', async () => {
    const photos = await callApi(page, 'listPhotos', {});
    const p = photos[0]!;
    const terms = await callApi(page, 'getVocabulary', {});
    const gunfire = terms.find((t) => t.key === 'damage.gunfire')!;
    const fire = terms.find((t) => t.key === 'damage.fire')!;
    await callApi(page, 'applyBatch', { photoIds: [p.id], fields: { countryCode: 'UA' } });
    await callApi(page, 'applyBatch', { photoIds: [p.id], fields: { countryCode: 'TJ' } });
    const first = await callApi(page, 'createRegion', { photoId: p.id, geometry: { type: 'rect', x: 0.05, y: 0.05, w: 0.2, h: 0.2 } });
    const r = await callApi(page, 'createRegion', { photoId: p.id, geometry: { type: 'rect', x: 0.4, y: 0.4, w: 0.3, h: 0.3 }, damageIds: [gunfire.id] });
    // Deleting the first region must not renumber the second.
    await callApi(page, 'deleteRegion', { id: first.id });
    await callApi(page, 'updateRegion', { id: r.id, damageIds: [gunfire.id, fire.id] });

    await page.locator(`.tile[title="${p.fileName}"]`).dblclick();
    await page.getByRole('dialog', { name: `Photo ${p.fileName}` }).waitFor();
    await page.getByRole('tab', { name: 'History' }).click();
    const history = page.getByRole('list', { name: 'History' });
    await history.getByText('Country code: UA → TJ').waitFor();
    await history.getByText(`Region R-${r.id}: damage ${gunfire.label} → ${gunfire.label}, ${fire.label}`).waitFor();
    await history.getByText(`Region R-${first.id} deleted`, { exact: false }).waitFor();
    expect(await history.getByText('Nadia Field', { exact: false }).count()).toBeGreaterThan(0);
    expect(await history.getByText('custody.ingest', { exact: false }).count()).toBe(0);
    await history.getByText(/Ingested by reference/).first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'custody-history.png') });
    await page.getByRole('button', { name: '← Grid' }).click();
  }, 60_000);

  it('withdraws the selection with a reason, shows it under Withdrawn, and reinstates it', async () => {
    const photos = await callApi(page, 'listPhotos', {});
    const victim = photos[1]!;
    await page.locator(`.tile[title="${victim.fileName}"]`).click();
    await page.getByRole('button', { name: 'Withdraw…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Withdraw photos' });
    await dialog.getByText('Withdraws 1 photo.').waitFor();
    await dialog.getByLabel('Reason').fill('Imported by mistake');
    await page.screenshot({ path: path.join(SHOTS, 'custody-withdraw.png') });
    await dialog.getByRole('button', { name: 'Withdraw', exact: true }).click();
    await expect.poll(() => page.locator(`.tile[title="${victim.fileName}"]`).count()).toBe(0);
    expect((await callApi(page, 'getPhoto', { id: victim.id })).withdrawn).toMatchObject({ reason: 'Imported by mistake' });
    // Undo brings it back, redo takes it out again.
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator(`.tile[title="${victim.fileName}"]`).count()).toBe(1);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => page.locator(`.tile[title="${victim.fileName}"]`).count()).toBe(0);
    // Reinstate from the Withdrawn view.
    const shown = await callApi(page, 'searchPhotos', { flags: ['withdrawn'] });
    expect(shown.map((s) => s.id)).toEqual([victim.id]);
    expect((await callApi(page, 'reinstatePhotos', { photoIds: [victim.id] })).changed).toBe(1);
    await expect.poll(() => page.locator(`.tile[title="${victim.fileName}"]`).count()).toBe(1);
  }, 60_000);
});
