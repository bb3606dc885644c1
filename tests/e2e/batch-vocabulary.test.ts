// Tagging many photos at once and keeping the vocabulary, in Chromium against the real browser host
// and core: multi-select in the grid, a batch edit with its summary applied as one undo step, undo
// and redo from the keyboard, renaming / adding / merging terms, exporting the vocabulary, region
// outlines on thumbnails, the shortcuts sheet and the user's name in the history.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoSummary, Term } from '../../shared/api';
import { callApi, importWithCli } from '../helpers/batch-archive';
import { CAMERAS, ORIENTATION, copyFixtures, listJpegs } from '../helpers/fixtures';
import { CHROMIUM, CHROMIUM_ARGS, startHostProcess, type RunningHost } from '../helpers/web-host-process';
import { screenshots } from '../helpers/e2e-shots';

const photosDir = copyFixtures([...listJpegs(CAMERAS).slice(0, 10), path.join(ORIENTATION, 'Portrait_6.jpg')]);

let browser: Browser;
let host: RunningHost;
let page: Page;
let photos: PhotoSummary[];
/** The three photos the batch edit is applied to (grid positions 0, 1 and 3). */
let chosen: PhotoSummary[];

const shot = screenshots('batch', () => page);
const tile = (p: PhotoSummary) => page.locator(`.tile[data-photo-id="${p.id}"]`);
const toast = () => page.getByTestId('toast');

async function vocabulary(): Promise<Term[]> {
  return callApi(page, 'getVocabulary', {});
}
async function termByLabel(label: string): Promise<Term> {
  const t = (await vocabulary()).find((x) => x.label === label && x.mergedInto === null);
  if (!t) throw new Error(`no term "${label}"`);
  return t;
}
async function tagsAndCaption(p: PhotoSummary): Promise<{ tags: number[]; caption: string | null }> {
  const a = await callApi(page, 'getAnnotations', { photoId: p.id });
  return { tags: a.tagIds, caption: a.meta.caption ?? null };
}

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  const archive = importWithCli(photosDir);
  host = await startHostProcess(archive);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  await page.goto(host.url);
  await page.locator('.tile img').first().waitFor();
  photos = await callApi(page, 'listPhotos', {});
  expect(photos).toHaveLength(11);
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('batch tagging and the vocabulary', () => {
  it('records the name from Settings in the history', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    // The field shows the name already recorded once the settings have loaded; replace it then.
    const name = dialog.getByLabel('Your name');
    await expect.poll(() => name.inputValue()).not.toBe('');
    await name.fill('Field Researcher');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect(callApi(page, 'getSettings', {})).resolves.toMatchObject({ userName: 'Field Researcher' });
  });

  it('selects photos with click, Shift+click and Ctrl+click', async () => {
    await tile(photos[0]!).click();
    await tile(photos[1]!).click({ modifiers: ['Shift'] });
    await tile(photos[3]!).click({ modifiers: ['Control'] });
    chosen = [photos[0]!, photos[1]!, photos[3]!];
    await page.getByText('3 selected').waitFor();
    const selected = await page.locator('.tile[aria-selected="true"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-photo-id'))));
    expect(selected.sort()).toEqual(chosen.map((p) => p.id).sort());
    // Ctrl+click again takes a photo out; once more puts it back.
    await tile(photos[3]!).click({ modifiers: ['Control'] });
    await page.getByText('2 selected').waitFor();
    await tile(photos[3]!).click({ modifiers: ['Control'] });
    await page.getByText('3 selected').waitFor();
  });

  it('tags and describes the three photos in one batch, after showing what would change', async () => {
    await page.getByRole('button', { name: 'Tag / describe selection…' }).click();
    const panel = page.getByRole('complementary', { name: 'Tag and describe selection' });
    await panel.getByText('3 photos selected').waitFor();
    const addTags = panel.getByRole('combobox', { name: 'Add tags' });
    await addTags.fill('Khorog');
    await panel.getByRole('option', { name: /Create tag “Khorog”/ }).waitFor();
    await addTags.press('Enter');
    await addTags.fill('fire');
    await panel.getByRole('option', { name: /Fire \/ burn/ }).click();
    await panel.getByLabel('Caption', { exact: true }).fill('Street fighting, May');
    const summary = panel.getByTestId('batch-summary');
    await expect.poll(() => summary.textContent()).toBe('3 photos: 6 tags added, caption set on 3');
    // Nothing has changed yet.
    for (const p of chosen) expect(await tagsAndCaption(p)).toEqual({ tags: [], caption: null });
    await shot('1-panel');

    await panel.getByRole('button', { name: 'Apply to 3 photos' }).click();
    await expect.poll(() => toast().textContent()).toBe('Applied: 3 photos: 6 tags added, caption set on 3');
    const khorog = await termByLabel('Khorog');
    const fire = await termByLabel('Fire / burn (scorched, burnt-out)');
    expect(khorog.kind).toBe('tag');
    for (const p of photos) {
      const expected = chosen.includes(p) ? { tags: [khorog.id, fire.id].sort((a, b) => a - b), caption: 'Street fighting, May' } : { tags: [], caption: null };
      const got = await tagsAndCaption(p);
      expect({ ...got, tags: got.tags.sort((a, b) => a - b) }).toEqual(expected);
    }
    // The panel now lists the photos' tags, each on 3 of 3.
    await panel.getByText('Khorog · 3/3').waitFor();
    const history = await callApi(page, 'getHistory', { photoId: chosen[0]!.id });
    const tagged = history.filter((h) => h.action === 'tag.add');
    expect(tagged).toHaveLength(2);
    expect(tagged.every((h) => h.actor === 'Field Researcher')).toBe(true);
    await shot('2-applied');
  });

  it('undoes the whole batch with Ctrl+Z and redoes it with Ctrl+Shift+Z', async () => {
    await expect(page.getByRole('button', { name: /Undo/ }).getAttribute('title')).resolves.toMatch(/^Undo: tag Khorog, Fire/);
    await page.locator('.grid-scroller').click({ position: { x: 5, y: 5 } }); // focus out of the panel, as a user would
    await page.keyboard.press('Control+z');
    await expect.poll(() => toast().textContent()).toMatch(/^Undid: tag Khorog, Fire \/ burn .*set Caption on 3 photos$/);
    for (const p of chosen) expect(await tagsAndCaption(p)).toEqual({ tags: [], caption: null });
    // One step: the batch was the only undoable change, and it is gone entirely.
    await expect(callApi(page, 'getUndoState', {})).resolves.toMatchObject({ canUndo: false, canRedo: true });
    await shot('3-undone');
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => toast().textContent()).toMatch(/^Redid: tag Khorog/);
    for (const p of chosen) expect((await tagsAndCaption(p)).caption).toBe('Street fighting, May');
    await expect.poll(() => page.getByRole('button', { name: /Redo/ }).isDisabled()).toBe(true);
  });

  it('leaves Ctrl+Z to the text field while typing', async () => {
    const panel = page.getByRole('complementary', { name: 'Tag and describe selection' });
    const title = panel.getByLabel('Title', { exact: true });
    await title.click();
    await page.keyboard.type('abc');
    await page.keyboard.press('Control+z');
    await expect(title.inputValue()).resolves.toBe('');
    expect((await tagsAndCaption(chosen[0]!)).caption).toBe('Street fighting, May');
    await expect(callApi(page, 'getUndoState', {})).resolves.toMatchObject({ canUndo: true, canRedo: false });
  });

  it('selects all with Ctrl+A and clears with Esc; Enter still opens the photo', async () => {
    await page.locator('.grid-scroller').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+a');
    await page.getByText(`${photos.length} selected`).waitFor();
    await page.keyboard.press('Escape');
    await page.getByText(/\d+ selected/).waitFor({ state: 'detached' });
    await page.keyboard.press('ArrowRight');
    await page.getByText('1 selected').waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: /^Photo / }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: /^Photo / }).waitFor({ state: 'detached' });
  });

  it('renames a term, adds a tag and merges two tags in the vocabulary screen', async () => {
    // A photo outside the batch carries a misspelt tag, to be merged into "Khorog".
    const kharog = await callApi(page, 'addTerm', { kind: 'tag', label: 'Kharog' });
    await callApi(page, 'applyBatch', { photoIds: [photos[5]!.id], addTagIds: [kharog.id] });

    await page.getByRole('button', { name: 'Vocabulary' }).click();
    const dialog = page.getByRole('dialog', { name: 'Vocabulary' });
    await dialog.getByRole('button', { name: 'Rename Residential (house, apartment block)' }).waitFor();
    await shot('4-classes');
    await dialog.getByRole('tab', { name: /Damage types/ }).click();
    await dialog.getByRole('button', { name: 'Rename Glazing blown out' }).click();
    await dialog.getByLabel('New name for Glazing blown out').fill('Windows blown out');
    await dialog.getByLabel('New name for Glazing blown out').press('Enter');
    await dialog.getByRole('button', { name: 'Rename Windows blown out' }).waitFor();
    expect((await termByLabel('Windows blown out')).key).toBe('damage.glazing');

    await dialog.getByRole('tab', { name: /Tags/ }).click();
    await dialog.getByLabel('Kind of term').selectOption('tag');
    await dialog.getByLabel('Label of the new term').fill('Checkpoint');
    await dialog.getByRole('button', { name: 'Add tag' }).click();
    await dialog.getByRole('button', { name: 'Rename Checkpoint' }).waitFor();
    expect((await termByLabel('Checkpoint')).kind).toBe('tag');

    // A shortcut key the photo view uses itself is refused, with the reason; a free one is saved.
    const key = dialog.getByLabel('Shortcut key for Checkpoint');
    await key.fill('r');
    await dialog.getByText(/the rectangle tool/).waitFor();
    expect((await termByLabel('Checkpoint')).shortcut).toBeNull();
    await key.fill('k');
    await expect.poll(async () => (await termByLabel('Checkpoint')).shortcut).toBe('k');
    // Colour and visibility.
    await dialog.getByLabel('Colour of Checkpoint').fill('#22aa88');
    await expect.poll(async () => (await termByLabel('Checkpoint')).colour).toBe('#22aa88');
    const row = dialog.locator('tr', { has: page.getByRole('button', { name: 'Rename Checkpoint' }) });
    await row.getByRole('button', { name: 'Hide' }).click();
    await row.getByText('hidden', { exact: true }).waitFor();
    expect((await termByLabel('Checkpoint')).hidden).toBe(true);
    await row.getByRole('button', { name: 'Unhide' }).click();
    await row.getByRole('button', { name: 'Hide' }).waitFor();
    expect((await termByLabel('Checkpoint')).hidden).toBe(false);

    await dialog.getByRole('button', { name: 'Merge Kharog into another term' }).click();
    const merge = page.getByRole('dialog', { name: 'Merge Kharog' });
    await merge.getByLabel('Merge into').selectOption({ label: 'Khorog' });
    await merge.getByText('Every photo tagged “Kharog” will carry “Khorog” instead.').waitFor();
    await shot('5-merge');
    await merge.getByRole('button', { name: 'Merge into “Khorog”' }).click();
    await dialog.getByText('Merged “Kharog” into “Khorog”: 1 use moved.').waitFor();
    await dialog.getByText('merged into “Khorog”').waitFor();
    const khorog = await termByLabel('Khorog');
    expect((await tagsAndCaption(photos[5]!)).tags).toEqual([khorog.id]);
    await shot('6-tags');
  });

  it('exports the vocabulary as JSON and imports a vocabulary file', async () => {
    const dialog = page.getByRole('dialog', { name: 'Vocabulary' });
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export JSON' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^vocabulary-\d{4}-\d{2}-\d{2}\.json$/);
    const file = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as { format: string; terms: Array<{ key: string; label: string }> };
    expect(file.format).toBe('damage-archive-vocabulary');
    expect(file.terms.find((t) => t.key === 'damage.glazing')?.label).toBe('Windows blown out');
    expect(file.terms.some((t) => t.label === 'Kharog')).toBe(false); // merged terms stay behind

    file.terms.push({ ...file.terms.find((t) => t.label === 'Checkpoint')!, key: 'tag.roadblock', label: 'Roadblock', shortcut: null } as (typeof file.terms)[number]);
    const changed = path.join(photosDir, '..', `vocabulary-${Date.now()}.json`);
    fs.writeFileSync(changed, JSON.stringify(file));
    await dialog.getByLabel('Vocabulary file to import').setInputFiles(changed);
    await dialog.getByRole('group', { name: 'Confirm import' }).getByRole('button', { name: 'Import' }).click();
    await dialog.getByText(new RegExp(`^Imported vocabulary-\\d+\\.json: 1 added, ${file.terms.length - 1} updated\\.$`)).waitFor();
    expect((await termByLabel('Roadblock')).kind).toBe('tag');

    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('draws region outlines exactly over the thumbnails when "Show regions" is on', async () => {
    const portrait = photos.find((p) => p.fileName === 'Portrait_6.jpg')!;
    expect(portrait.height!).toBeGreaterThan(portrait.width!);
    const building = await termByLabel('Building');
    await callApi(page, 'createRegion', { photoId: portrait.id, geometry: { type: 'rect', x: 0.25, y: 0.5, w: 0.5, h: 0.25 }, classId: building.id });
    await callApi(page, 'createRegion', { photoId: chosen[0]!.id, geometry: { type: 'polygon', points: [[0.1, 0.1], [0.9, 0.2], [0.5, 0.9]] } });
    expect(await page.locator('svg.region-overlay').count()).toBe(0);

    await page.getByRole('button', { name: 'Show regions' }).click();
    const rect = tile(portrait).locator('svg.region-overlay rect');
    await rect.waitFor();
    await tile(chosen[0]!).locator('svg.region-overlay polygon').waitFor();
    expect(await rect.getAttribute('stroke')).toBe(building.colour);
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.tile img')].every((i) => i.complete && i.naturalWidth > 0));

    // The overlay covers the image's displayed box, and that box has the image's own proportions.
    const boxes = await tile(portrait).evaluate((el) => {
      const img = el.querySelector('img')!;
      const b = (e: Element) => e.getBoundingClientRect().toJSON() as DOMRect;
      return { img: b(img), svg: b(el.querySelector('svg')!), rect: b(el.querySelector('svg rect')!), natural: [img.naturalWidth, img.naturalHeight] };
    });
    for (const k of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(boxes.svg[k] - boxes.img[k])).toBeLessThan(0.5);
    expect(Math.abs(boxes.img.width / boxes.img.height - boxes.natural[0]! / boxes.natural[1]!)).toBeLessThan(0.02);
    // The rectangle sits at x 25%, y 50%, 50% x 25% of that box.
    expect(boxes.rect.x - boxes.svg.x).toBeCloseTo(0.25 * boxes.svg.width, 0);
    expect(boxes.rect.y - boxes.svg.y).toBeCloseTo(0.5 * boxes.svg.height, 0);
    expect(boxes.rect.width).toBeCloseTo(0.5 * boxes.svg.width, 0);
    await shot('7-regions');

    // Undoing the region removes its outline (the grid follows annotation changes).
    await page.keyboard.press('Control+z');
    await tile(chosen[0]!).locator('svg.region-overlay').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Show regions' }).click();
    expect(await page.locator('svg.region-overlay').count()).toBe(0);
  });

  it("lists every shortcut, including the vocabulary's term keys, on '?'", async () => {
    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.getByText('Draw a rectangle region').waitFor();
    await sheet.getByText('Checkpoint (tag)').waitFor();
    await sheet.getByText('Fire / burn (scorched, burnt-out) (damage type)').waitFor();
    await shot('8-shortcuts');
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
  });

  it('keeps every toolbar button on screen in a small window', async () => {
    await page.setViewportSize({ width: 1000, height: 700 });
    for (const name of ['Tag / describe selection…', 'Show regions', 'Undo', 'Redo', 'Vocabulary', 'Settings', 'Import…']) {
      const box = (await page.getByRole('button', { name, exact: false }).first().boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(1000);
    }
    await shot('9-narrow');
  });
});
