// Review workflow and sensitivity in Chromium against the real browser host and core (issue 16):
// sensitive photos are blurred and greyed in the grid and the viewer until clicked (mouse or
// keyboard), "Blur all photos until clicked" veils every photo, sealing in the photo view makes the
// annotate panel read-only (and the core refuses edits anyway), unsealing asks for a reason, and
// the status facet in the sidebar lists exactly the photos it counts.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoSummary } from '../../shared/api';
import { callApi, importWithCli } from '../helpers/batch-archive';
import { CAMERAS, copyFixtures } from '../helpers/fixtures';
import { CHROMIUM, CHROMIUM_ARGS, startHostProcess, type RunningHost } from '../helpers/web-host-process';
import { screenshots } from '../helpers/e2e-shots';

const photosDir = copyFixtures(['Canon_40D.jpg', 'Nikon_D70.jpg', 'Pentax_K10D.jpg', 'Sony_HDR-HC3.jpg'].map((f) => path.join(CAMERAS, f)));

let browser: Browser;
let host: RunningHost;
let page: Page;
let photos: PhotoSummary[];
let canon: PhotoSummary;
let nikon: PhotoSummary;
let pentax: PhotoSummary;

const shot = screenshots('review', () => page);
const tile = (p: PhotoSummary) => page.locator(`.tile[data-photo-id="${p.id}"]`);
const veilOf = (p: PhotoSummary) => tile(p).locator('.sensitive-veil');
const sidebar = () => page.getByRole('complementary', { name: 'Collections and filters' });
const facet = (title: string) => sidebar().getByRole('region', { name: title });
const filterOf = (p: PhotoSummary) => tile(p).locator('.thumb img').evaluate((img) => getComputedStyle(img.closest('.thumb-frame') ?? img).filter);

async function gridIds(): Promise<number[]> {
  return page.locator('.tile').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-photo-id'))));
}

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  host = await startHostProcess(importWithCli(photosDir), { userName: 'Reviewer B' });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(host.url);
  await page.locator('.tile img').first().waitFor();
  photos = await callApi(page, 'listPhotos', {});
  expect(photos).toHaveLength(4);
  const byName = (n: string) => photos.find((p) => p.fileName === n)!;
  [canon, nikon, pentax] = [byName('Canon_40D.jpg'), byName('Nikon_D70.jpg'), byName('Pentax_K10D.jpg')];
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('review and sensitivity in the app', () => {
  it('shows sensitive tiles blurred and greyed until clicked, by mouse or keyboard', async () => {
    await callApi(page, 'setReview', { photoIds: [canon.id, nikon.id], sensitive: true });
    await page.reload();
    await page.locator('.tile img').first().waitFor();
    await expect.poll(() => veilOf(canon).count()).toBe(1);
    await expect(veilOf(nikon).textContent()).resolves.toBe('Sensitive— click to show');
    expect(await veilOf(pentax).count()).toBe(0);
    expect(await filterOf(canon)).toMatch(/blur\(16px\) grayscale\(1\)/);
    expect(await filterOf(pentax)).toBe('none');
    await shot('1-sensitive-veiled');

    // A click on the cover shows the photo and neither selects nor opens it.
    await veilOf(canon).click();
    await expect.poll(() => veilOf(canon).count()).toBe(0);
    expect(await filterOf(canon)).toBe('none');
    expect(await tile(canon).getAttribute('aria-selected')).toBe('false');
    expect(await page.getByRole('dialog').count()).toBe(0);
    // The cover is a button: focused (Tab reaches it) and Enter shows the photo.
    await veilOf(nikon).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => veilOf(nikon).count()).toBe(0);
    await shot('2-sensitive-shown');
    // Not persisted: a reload veils them again.
    await page.reload();
    await expect.poll(() => veilOf(canon).count()).toBe(1);
  });

  it('veils the photo view of a sensitive photo too, until clicked', async () => {
    await tile(nikon).locator('.tile-name').click();
    await page.keyboard.press('Enter');
    const viewer = page.getByRole('dialog', { name: `Photo ${nikon.fileName}` });
    await viewer.waitFor();
    const veil = viewer.locator('.viewer-image > .sensitive-veil');
    await veil.waitFor();
    expect(await viewer.locator('.annot-stage').evaluate((el) => getComputedStyle(el).filter)).toMatch(/blur\(32px\) grayscale\(1\)/);
    await shot('3-viewer-veiled');
    await veil.click();
    await expect.poll(() => veil.count()).toBe(0);
    expect(await viewer.locator('.annot-stage').evaluate((el) => getComputedStyle(el).filter)).toBe('none');
    // The review bar shows the flag; unticking it is an edit like any other.
    await expect(viewer.getByRole('checkbox', { name: 'Sensitive' }).isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: '← Grid' }).click();
  });

  it('sealing in the photo view makes the annotate panel read-only until unsealed with a reason', async () => {
    await tile(pentax).dblclick();
    const viewer = page.getByRole('dialog', { name: `Photo ${pentax.fileName}` });
    await viewer.waitFor();
    await viewer.getByRole('tab', { name: 'Annotate' }).click();
    const status = viewer.getByRole('combobox', { name: 'Review status' });
    await expect.poll(() => status.inputValue()).toBe('new');
    // Draw a region with the keyboard tool and the mouse: the photo becomes "annotated" by itself.
    await page.keyboard.press('r');
    const stage = await viewer.locator('.annot-stage').boundingBox();
    await page.mouse.move(stage!.x + stage!.width * 0.2, stage!.y + stage!.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(stage!.x + stage!.width * 0.5, stage!.y + stage!.height * 0.5, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => (await callApi(page, 'getAnnotations', { photoId: pentax.id })).regions.length).toBe(1);
    await expect.poll(() => status.inputValue()).toBe('annotated');

    await viewer.getByRole('button', { name: 'Seal', exact: true }).click();
    await expect.poll(() => status.inputValue()).toBe('sealed');
    await viewer.getByRole('note').filter({ hasText: 'Sealed by Reviewer B' }).waitFor();
    const panel = viewer.locator('fieldset.sealed-readonly');
    expect(await panel.evaluate((f) => (f as HTMLFieldSetElement).disabled)).toBe(true);
    expect(await viewer.getByRole('button', { name: 'Rectangle' }).isDisabled()).toBe(true);
    expect(await viewer.getByRole('button', { name: 'Polygon' }).isDisabled()).toBe(true);
    // The drawing key does nothing, the delete key deletes nothing.
    await page.keyboard.press('r');
    expect(await viewer.locator('.annot-stage.tool-rect').count()).toBe(0);
    await shot('4-sealed-read-only');
    // The API refuses too, naming the photo.
    await expect(callApi(page, 'createRegion', { photoId: pentax.id, geometry: { type: 'rect', x: 0.6, y: 0.6, w: 0.1, h: 0.1 } })).rejects.toThrow(
      `${pentax.fileName} (photo ${pentax.id}) is sealed`,
    );

    await viewer.getByRole('button', { name: 'Unseal…' }).click();
    const reason = viewer.getByRole('textbox', { name: 'Reason for unsealing' });
    await reason.fill('Severity to be checked');
    await viewer.getByRole('button', { name: 'Unseal', exact: true }).click();
    await expect.poll(() => status.inputValue()).toBe('reviewed');
    expect(await panel.evaluate((f) => (f as HTMLFieldSetElement).disabled)).toBe(false);
    expect(await viewer.getByRole('button', { name: 'Rectangle' }).isDisabled()).toBe(false);
    await viewer.getByRole('tab', { name: 'History' }).click();
    await viewer.getByText('Status: sealed -> reviewed (unsealed: Severity to be checked)').waitFor();
    await viewer.getByText('Status: new -> sealed').waitFor();
    await shot('5-unsealed-history');
    await page.getByRole('button', { name: '← Grid' }).click();
  });

  it('filters by review status and sensitivity in the sidebar, counts equal to what is listed', async () => {
    const reviewed = facet('Review status').locator('[data-facet-value="reviewed"]');
    await expect.poll(() => reviewed.locator('.facet-count').textContent()).toBe('1');
    await reviewed.click();
    await expect.poll(gridIds).toEqual([pentax.id]);
    await shot('6-status-filter');
    await reviewed.click();
    // Nine flags: the ninth is behind "Show all", as in every long facet.
    await facet('Flags').getByRole('button', { name: /^Show all/ }).click();
    const sensitive = facet('Flags').locator('[data-facet-value="sensitive"]');
    await expect.poll(() => sensitive.locator('.facet-count').textContent()).toBe('2');
    await sensitive.click();
    await expect.poll(async () => (await gridIds()).sort()).toEqual([canon.id, nikon.id].sort());
    await sidebar().getByRole('button', { name: /^Clear filters/ }).click();
    await expect.poll(async () => (await gridIds()).length).toBe(4);
  });

  it('the batch panel leaves sealed photos unchanged and says so, and sets review status and sensitivity', async () => {
    await callApi(page, 'setReview', { photoIds: [canon.id], status: 'sealed' });
    await tile(pentax).locator('.tile-name').click();
    await page.keyboard.press('Control+a');
    await page.getByText('4 selected').waitFor();
    await page.getByRole('button', { name: 'Tag / describe selection…' }).click();
    const panel = page.getByRole('complementary', { name: 'Tag and describe selection' });
    await panel.getByRole('textbox', { name: 'City' }).fill('Kharkiv');
    await expect.poll(() => panel.getByTestId('batch-summary').textContent()).toBe('4 photos: city set on 3. 1 sealed photo left unchanged (Canon_40D.jpg)');
    await panel.getByRole('combobox', { name: 'Set review status' }).selectOption('reviewed');
    await panel.getByRole('combobox', { name: 'Set sensitive' }).selectOption('yes');
    await expect
      .poll(() => panel.getByTestId('review-summary').textContent())
      .toBe('4 photos: status changed on 2, sensitive flag changed on 2. 1 sealed photo keep their status (Canon_40D.jpg): unseal in the photo view');
    await shot('7-batch-sealed');
    await panel.getByRole('button', { name: 'Apply review' }).click();
    await expect.poll(async () => (await callApi(page, 'searchPhotos', { statuses: ['reviewed'] })).length).toBe(3);
    expect((await callApi(page, 'getReview', { photoId: canon.id })).status).toBe('sealed');
    expect((await callApi(page, 'searchPhotos', { flags: ['sensitive'] })).length).toBe(4);
    await panel.getByRole('button', { name: 'Close the tag panel' }).click();
  });

  it('"Blur all photos until clicked" veils every photo of the archive, and is kept', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    const box = dialog.getByRole('checkbox', { name: 'Blur all photos until clicked' });
    await expect.poll(() => dialog.getByLabel('Your name').inputValue()).not.toBe('');
    await box.check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('.tile .sensitive-veil').count()).toBe(4);
    // A photo not marked sensitive is veiled too, under a cover that says so.
    const sony = photos.find((p) => p.fileName === 'Sony_HDR-HC3.jpg')!;
    await callApi(page, 'setReview', { photoIds: [sony.id], sensitive: false });
    await expect.poll(() => veilOf(sony).textContent()).toBe('Hiddenclick to show');
    await shot('8-blur-all');
    await page.reload();
    await expect.poll(() => page.locator('.tile .sensitive-veil').count()).toBe(4);
    expect((await callApi(page, 'getSettings', {})).blurAll).toBe(true);
  });
});
