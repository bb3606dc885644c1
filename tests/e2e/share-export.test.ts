// Sharing from the app: the Export dialog offers the Share profile by default and says, before
// writing, what will be left out; a region can be marked "redact" in the photo view; the "Shared
// images" export writes redacted copies with their originals' hashes.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, importWithCli } from '../helpers/batch-archive';
import { screenshots } from '../helpers/e2e-shots';
import { CAMERAS, copyFixtures, listJpegs, tempDir } from '../helpers/fixtures';
import { CHROMIUM, CHROMIUM_ARGS, startHostProcess, type RunningHost } from '../helpers/web-host-process';

let browser: Browser;
let host: RunningHost;
let page: Page;
const outDir = tempDir('share-exports-');
const shot = screenshots('share-export', () => page);

beforeAll(async () => {
  const photos = copyFixtures([path.join(CAMERAS, 'gps__DSCN0010.jpg'), ...listJpegs(CAMERAS).filter((f) => !f.includes('gps__')).slice(0, 3)]);
  host = await startHostProcess(importWithCli(photos));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(host.url);
  await page.locator('.tile').first().waitFor();
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('sharing from the app', () => {
  it('marks a region "redact" in the photo view', async () => {
    const photos = await callApi(page, 'listPhotos', {});
    const gps = photos.find((p) => p.fileName === 'gps__DSCN0010.jpg')!;
    const r = await callApi(page, 'createRegion', { photoId: gps.id, geometry: { type: 'rect', x: 0.2, y: 0.2, w: 0.3, h: 0.3 }, classId: null, damageIds: [], severity: null, confidence: null, note: '' });
    await page.locator('.tile', { hasText: 'gps__DSCN0010.jpg' }).dblclick();
    await page.locator('.annot-stage').waitFor();
    await page.locator('.annot-stage svg [data-region-id], .annot-stage svg rect, .annot-stage svg polygon').first().click({ force: true }).catch(() => undefined);
    const select = page.getByLabel('Redact');
    if (!(await select.isVisible())) {
      // select the region through the list when the shape is hard to hit
      await page.getByText(/Region 1|rectangle/i).first().click();
    }
    await select.selectOption('face');
    await expect.poll(async () => (await callApi(page, 'getAnnotations', { photoId: gps.id })).regions.find((x) => x.id === r.id)?.redact).toBe('face');
    await shot('1-redact-region');
    await page.getByRole('dialog', { name: /^Photo / }).getByRole('button', { name: /Grid/ }).click();
    await page.getByRole('dialog', { name: /^Photo / }).waitFor({ state: 'hidden' });
  });

  it('shows what a share export leaves out and writes redacted shared images', async () => {
    await page.locator('.tile').first().waitFor();
    await page.keyboard.press('Control+a');
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.getByLabel(/Shared images/).check();
    await expect.poll(() => dialog.getByRole('radio', { name: /Share/ }).first().isChecked()).toBe(true);
    const leftOut = dialog.getByTestId('left-out');
    await leftOut.getByText(/vocabulary terms? not used by these photos/).waitFor();
    await dialog.getByText(/Also remove/).click();
    await dialog.getByLabel('GPS position').check();
    await leftOut.getByText(/GPS positions of 1 photo/).waitFor();
    await leftOut.getByText(/go(es)? out as a re-rendered copy/).waitFor();
    await shot('2-dialog-left-out');
    const out = path.join(outDir, 'shared');
    await dialog.getByLabel('Save as').fill(out);
    await dialog.getByRole('button', { name: /^Export 4 photos$/ }).click();
    await page.getByRole('status', { name: 'Export progress' }).getByText(`Exported 4 photos to ${out}.`).waitFor({ timeout: 120_000 });
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'images.json'), 'utf8'));
    expect(manifest.profile).toBe('share');
    expect(manifest.images).toHaveLength(4);
    const redacted = manifest.images.filter((i: { redacted: unknown[] }) => i.redacted.length === 1);
    expect(redacted).toHaveLength(1);
    expect(redacted[0].photo).toBe('gps__DSCN0010.jpg');
  });
});
