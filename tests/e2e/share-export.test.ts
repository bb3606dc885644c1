// Sharing from the app: the Export dialog offers the Share profile by default and says, before
// writing, what will be left out; a region can be marked "redact" in the photo view; the "Shared
// images" export writes redacted copies with their originals' hashes.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, importWithCli } from '../helpers/batch-archive';
import { screenshots } from '../helpers/e2e-shots';
import { createRequire } from 'node:module';
import { CAMERAS, copyFixtures, listJpegs, tempDir } from '../helpers/fixtures';

// A real photograph of people shipped in face-api's npm package (demo/sample1.jpg).
const FACES = path.join(path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api')), '..', 'demo', 'sample1.jpg');
import { CHROMIUM, CHROMIUM_ARGS, startHostProcess, type RunningHost } from '../helpers/web-host-process';

let browser: Browser;
let host: RunningHost;
let page: Page;
const outDir = tempDir('share-exports-');
const shot = screenshots('share-export', () => page);

beforeAll(async () => {
  const photos = copyFixtures([path.join(CAMERAS, 'gps__DSCN0010.jpg'), ...listJpegs(CAMERAS).filter((f) => !f.includes('gps__')).slice(0, 2), FACES]);
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

  it('suggests faces to redact, which the user accepts or rejects one by one', async () => {
    const photos = await callApi(page, 'listPhotos', {});
    const people = photos.find((p) => p.fileName === 'sample1.jpg')!;
    await page.locator('.tile', { hasText: 'sample1.jpg' }).dblclick();
    await page.locator('.annot-stage').waitFor();
    await page.getByRole('button', { name: 'Find faces to redact' }).click();
    await page.getByText(/faces? suggested for redaction/).waitFor({ timeout: 120_000 });
    const suggested = (await callApi(page, 'getAnnotations', { photoId: people.id })).regions.filter((r) => r.redactState === 'suggested');
    expect(suggested.length).toBeGreaterThanOrEqual(1);
    // The first suggestion is selected: accept it.
    const group = page.getByRole('group', { name: 'Suggested redaction' });
    await group.waitFor();
    await shot('3-face-suggested');
    await group.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(async () => (await callApi(page, 'getAnnotations', { photoId: people.id })).regions.find((r) => r.id === suggested[0]!.id)?.redactState).toBe('confirmed');
    if (suggested[1]) {
      await page.getByRole('listitem').filter({ hasText: /Not classified/ }).nth(1).click().catch(() => undefined);
      const rejectable = await group.isVisible();
      if (rejectable) {
        await group.getByRole('button', { name: 'Reject' }).click();
        await expect.poll(async () => (await callApi(page, 'getAnnotations', { photoId: people.id })).regions.length).toBe(suggested.length - 1);
      }
    }
    await page.getByRole('dialog', { name: /^Photo / }).getByRole('button', { name: /Grid/ }).click();
    await page.getByRole('dialog', { name: /^Photo / }).waitFor({ state: 'hidden' });
  }, 180_000);

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
    await leftOut.getByText(/GPS positions of 2 photos/).waitFor(); // the street photo and the people photo carry GPS
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
    expect(redacted.map((i: { photo: string }) => i.photo).sort()).toEqual(['gps__DSCN0010.jpg', 'sample1.jpg']);
  });
});
