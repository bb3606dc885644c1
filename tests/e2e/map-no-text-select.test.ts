// Shift+drag on the map draws a box and never selects the page's text, in Chromium against the real
// browser host. Each case starts from a freshly loaded page already on the map (no text selected, no
// box), so none depends on what an earlier one left; each one both checks that the box was drawn (the gesture reached the map) and reads the browser's
// own selection (window.getSelection) while the mouse is still down and after it is released.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importWithCli } from '../helpers/batch-archive';
import { screenshots } from '../helpers/e2e-shots';
import { CAMERAS, copyFixtures } from '../helpers/fixtures';
import { CHROMIUM, CHROMIUM_ARGS, startHostProcess, type RunningHost } from '../helpers/web-host-process';

const photosDir = copyFixtures(['gps__DSCN0010.jpg', 'Kodak_CX7530.jpg', 'Canon_40D.jpg'].map((f) => path.join(CAMERAS, f)));
let browser: Browser;
let host: RunningHost;
let page: Page;
const shot = screenshots('map-no-text-select', () => page);

/** What the browser has selected on the page, as the user would copy it. */
const selectedText = () => page.evaluate(() => window.getSelection()?.toString() ?? '');

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  host = await startHostProcess(importWithCli(photosDir));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  // The sign-in address works once; reloads keep the session's cookie (and the map mode).
  await page.goto(host.url);
  await page.locator('.tile img').first().waitFor();
  await page.getByRole('button', { name: 'Map', exact: true }).click();
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

beforeEach(async () => {
  await page.reload();
  await page.locator('.map-svg').waitFor();
  await page.locator('.map-marker').first().waitFor();
  expect(await selectedText()).toBe('');
  expect(await page.getByRole('button', { name: 'Clear box' }).count()).toBe(0);
});

describe('map: Shift+drag selects no page text', () => {
  it('from a caret placed in the sidebar, a Shift+drag over the map and onto the sidebar selects nothing', async () => {
    const svg = (await page.locator('.map-svg').boundingBox())!;
    const sidebarText = page.getByText('No albums or saved searches yet.');
    const t = (await sidebarText.boundingBox())!;
    // A click in the sidebar's text puts the browser's caret there: Shift+click anywhere after it
    // would extend a selection from that caret to the pointer.
    await sidebarText.click();
    expect(await selectedText()).toBe('');
    await page.keyboard.down('Shift');
    await page.mouse.move(svg.x + svg.width * 0.4, svg.y + svg.height * 0.4);
    await page.mouse.down();
    await page.mouse.move(svg.x + svg.width * 0.6, svg.y + svg.height * 0.6, { steps: 6 });
    expect(await selectedText()).toBe('');
    // Straying off the map, across the sidebar's text and back over the browse bar.
    await page.mouse.move(t.x + t.width / 2, t.y + t.height / 2, { steps: 6 });
    expect(await selectedText()).toBe('');
    await page.mouse.move(svg.x + 20, Math.max(2, svg.y - 40), { steps: 6 });
    expect(await selectedText()).toBe('');
    await page.mouse.up();
    await page.keyboard.up('Shift');
    expect(await selectedText()).toBe('');
    // The drag was the map's box, not a text gesture: the box filter is on.
    await page.getByRole('button', { name: 'Clear box' }).waitFor();
    await shot('1280-after-shift-drag');
  });

  it('after a text selection made elsewhere, a Shift+drag on the map leaves no text selected', async () => {
    const svg = (await page.locator('.map-svg').boundingBox())!;
    // The user selected a word in the sidebar (a double click), then Shift+drags on the map.
    await page.getByText('No albums or saved searches yet.').dblclick();
    expect(await selectedText()).not.toBe('');
    await page.keyboard.down('Shift');
    await page.mouse.move(svg.x + svg.width * 0.45, svg.y + svg.height * 0.45);
    await page.mouse.down();
    await page.mouse.move(svg.x + svg.width * 0.65, svg.y + svg.height * 0.65, { steps: 6 });
    expect(await selectedText()).toBe('');
    await page.mouse.up();
    await page.keyboard.up('Shift');
    expect(await selectedText()).toBe('');
    await page.getByRole('button', { name: 'Clear box' }).waitFor();
  });
});
