// Sites in Chromium against the real browser host (issue 16): a site created in the Sites screen,
// photos linked from the grid's selection, a region said to show the site from the photo view's
// Sites tab, the site page in capture-time order, and the before/after view: a slider dragged with
// the mouse and moved with the keyboard, then side by side, regions drawn on both photos.
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, importWithCli } from '../helpers/batch-archive';
import { screenshots } from '../helpers/e2e-shots';
import { CAMERAS, copyFixtures, tempDir } from '../helpers/fixtures';
import { CHROMIUM, CHROMIUM_ARGS, startHostProcess, type RunningHost } from '../helpers/web-host-process';

const archiveDir = tempDir();
// Three dated photos standing in for one place photographed over time (Nikon 2008-03-15, Pentax 2008-05-04, Canon 2008-05-30).
const photos = copyFixtures(['Canon_40D.jpg', 'Nikon_D70.jpg', 'Pentax_K10D.jpg'].map((f) => path.join(CAMERAS, f)));

let browser: Browser;
let host: RunningHost;
let page: Page;
const shot = screenshots('sites', () => page);

beforeAll(async () => {
  importWithCli(photos, archiveDir);
  host = await startHostProcess(archiveDir);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(host.url);
  await page.locator('.tile').first().waitFor();
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

const ids = async () => Object.fromEntries((await callApi(page, 'listPhotos', {})).map((p) => [p.fileName, p.id]));
const terms = async () => callApi(page, 'getVocabulary', {});

describe('sites', () => {
  it('creates a site in the Sites screen and links the grid selection to it', async () => {
    // Select every photo in the grid (click, then Shift+click the last).
    const tiles = page.locator('.tile');
    await tiles.first().click();
    await tiles.last().click({ modifiers: ['Shift'] });
    await page.getByRole('button', { name: 'Sites', exact: true }).click();
    const screen = page.getByRole('dialog', { name: 'Sites and incidents' });
    await screen.waitFor();
    await screen.getByRole('button', { name: 'New site…' }).click();
    await screen.getByLabel('Name').fill('Van at checkpoint');
    await screen.getByLabel('Kind').selectOption('vehicle');
    await screen.getByLabel('Latitude').fill('50.4501');
    await screen.getByLabel('Longitude').fill('30.5234');
    await screen.getByLabel('Precision').selectOption('10');
    await screen.getByRole('button', { name: 'Create site' }).click();
    await screen.getByRole('heading', { name: 'Van at checkpoint' }).waitFor();
    await screen.getByRole('button', { name: 'Link selection (3)' }).click();
    const list = screen.getByRole('list', { name: 'Photos of the site, in capture-time order' });
    await expect.poll(() => list.getByRole('listitem').count()).toBe(3);
    // Capture-time order, as the page states it.
    const times = await list.locator('li span').allInnerTexts();
    expect([...times].sort()).toEqual(times);
    const history = (await callApi(page, 'getHistory', { photoId: null, limit: 20 })).filter((h) => !h.action.startsWith('custody.'));
    expect(history.slice(0, 4).map((h) => h.description)).toEqual([
      'Link 3 photos to site "Van at checkpoint"', 'Link 3 photos to site "Van at checkpoint"', 'Link 3 photos to site "Van at checkpoint"', 'Create site "Van at checkpoint"',
    ]);
    await screen.getByRole('button', { name: 'Close' }).click();
  });

  it('says which site a region shows from the photo view’s Sites tab', async () => {
    const id = await ids();
    const t = await terms();
    const van = t.find((x) => x.key === 'vehicle.van')!.id;
    const fire = t.find((x) => x.key === 'damage.fire')!.id;
    // Regions drawn on the earliest and the latest photo (through the API the app uses).
    const before = await callApi(page, 'createRegion', { photoId: id['Nikon_D70.jpg']!, geometry: { type: 'rect', x: 0.3, y: 0.35, w: 0.3, h: 0.3 }, classId: van, damageIds: [] });
    const after = await callApi(page, 'createRegion', { photoId: id['Canon_40D.jpg']!, geometry: { type: 'rect', x: 0.25, y: 0.3, w: 0.4, h: 0.35 }, classId: van, damageIds: [fire], severity: 4 });
    void before;
    await page.locator('.tile[title="Canon_40D.jpg"]').dblclick();
    await page.getByRole('dialog', { name: 'Photo Canon_40D.jpg' }).waitFor();
    await page.getByRole('tab', { name: 'Sites' }).click();
    await page.getByRole('list', { name: 'Sites of this photo' }).getByText('Van at checkpoint').waitFor();
    await page.getByLabel(`Site shown by region R-${after.id}`).selectOption({ label: 'Van at checkpoint' });
    await expect.poll(async () => (await callApi(page, 'getPhotoPlaces', { photoId: id['Canon_40D.jpg']! })).regionSites).toEqual([{ regionId: after.id, siteId: expect.any(Number) }]);
    expect((await callApi(page, 'getUndoState', {})).undoLabel).toBe(`Region R-${after.id} shows site "Van at checkpoint"`);
    await shot('photo-sites-tab-1280');
    // Undo in the viewer takes the link back, and the tab shows it; Redo puts it back.
    const places = async () => (await callApi(page, 'getPhotoPlaces', { photoId: id['Canon_40D.jpg']! })).regionSites.length;
    await page.getByRole('dialog', { name: 'Photo Canon_40D.jpg' }).getByRole('button', { name: /Undo/ }).click();
    await expect.poll(places).toBe(0);
    await expect.poll(() => page.getByLabel(`Site shown by region R-${after.id}`).inputValue()).toBe('');
    await page.getByRole('dialog', { name: 'Photo Canon_40D.jpg' }).getByRole('button', { name: /Redo/ }).click();
    await expect.poll(places).toBe(1);
    await expect.poll(() => page.getByLabel(`Site shown by region R-${after.id}`).inputValue()).not.toBe('');
    await page.getByRole('button', { name: '← Grid' }).click();
  });

  it('compares the first and last photo with a slider moved by mouse and keyboard, regions drawn', async () => {
    await page.getByRole('button', { name: 'Sites', exact: true }).click();
    const screen = page.getByRole('dialog', { name: 'Sites and incidents' });
    await screen.getByRole('heading', { name: 'Van at checkpoint' }).waitFor();
    const frame = screen.locator('.ba-frame');
    await frame.scrollIntoViewIfNeeded();
    // Both pictures with their region outlines: the site's own region drawn solid.
    await expect.poll(() => frame.locator('.ba-before rect').count()).toBe(1);
    await expect.poll(() => frame.locator('.ba-after rect').count()).toBe(1);
    expect(await frame.locator('.ba-after rect').getAttribute('stroke-width')).toBe('4');
    expect(await frame.locator('.ba-before rect').getAttribute('stroke-width')).toBe('2');
    // Both layers are the two photos chosen by default: the earliest and the latest.
    const ordered = (await callApi(page, 'getSite', { id: (await callApi(page, 'listSites', {}))[0]!.id })).photos;
    expect(ordered.map((p) => p.fileName)).toEqual(['Nikon_D70.jpg', 'Pentax_K10D.jpg', 'Canon_40D.jpg']);
    expect(await screen.getByLabel('Before photo').inputValue()).toBe(String(ordered[0]!.id));
    expect(await screen.getByLabel('After photo').inputValue()).toBe(String(ordered[2]!.id));
    const divider = screen.getByRole('slider', { name: 'Divider between before and after' });
    expect(await divider.getAttribute('aria-valuenow')).toBe('50');

    // Drag to a quarter of the frame.
    const box = (await frame.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    const dragged = Number(await divider.getAttribute('aria-valuenow'));
    expect(dragged).toBeGreaterThan(22);
    expect(dragged).toBeLessThan(28);
    expect(await screen.locator('.ba-over').getAttribute('style')).toContain(`inset(0px 0px 0px ${dragged}%)`);
    await shot('before-after-slider-1280');

    // The keyboard: Shift+Right twice is 20 points, End all the way, Escape still closes the screen afterwards.
    await divider.focus();
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    expect(Number(await divider.getAttribute('aria-valuenow'))).toBeCloseTo(dragged + 20, 5);
    await page.keyboard.press('ArrowLeft');
    expect(Number(await divider.getAttribute('aria-valuenow'))).toBeCloseTo(dragged + 18, 5);
    await shot('before-after-keyboard-1280');

    // Side by side: both photos in full with their regions.
    await screen.getByRole('button', { name: 'Side by side' }).click();
    await expect.poll(() => screen.locator('.before-after-side .ba-layer').count()).toBe(2);
    await expect.poll(() => screen.locator('.before-after-side rect').count()).toBe(2);
    const figures = await screen.locator('.before-after-side figcaption').allInnerTexts();
    expect(figures[0]).toMatch(/^Before: Nikon_D70\.jpg, 2008:03:15/);
    expect(figures[1]).toMatch(/^After: Canon_40D\.jpg, 2008:05:30/);
    // The pictures really loaded (the preview URLs answer with images).
    const loaded = await page.evaluate(async () => {
      const hrefs = [...document.querySelectorAll('.before-after-side image')].map((i) => i.getAttribute('href')!);
      return Promise.all(hrefs.map(async (h) => (await fetch(h)).headers.get('content-type')));
    });
    expect(loaded).toEqual([expect.stringMatching(/^image\//), expect.stringMatching(/^image\//)]);
    await shot('before-after-side-1280');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog', { name: 'Sites and incidents' }).count()).toBe(0);
  });
});
