// The grid at scale, measured in Chromium against the browser host (prints figures, asserts none):
//   npx vite build && npx tsx tests/bench/scale-ui.ts [--photos 50000] [--archive <dir>] [--keep] [--shots <dir>]
// Builds the synthetic archive of scale-archive.ts (or reuses --archive), starts `npm run web`'s
// server on it and drives /usr/bin/chromium:
//   - time from navigation to the first grid page's thumbnails painted;
//   - a scripted fast scroll through the whole grid, one step per animation frame: frames drawn,
//     frame intervals (p50/p95/max) and how many took longer than two 60 Hz frames;
//   - how many thumbnails were requested on the way (lazy loading: only rows that were on screen);
//   - a search typed into the box: time until the grid shows the new result;
//   - the map of all geotagged photos: time until drawn, frames while panning;
//   - the page's JavaScript heap.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { PROJECT_ROOT } from '../helpers/fixtures';
import { CHROMIUM, CHROMIUM_ARGS, startHostProcess } from '../helpers/web-host-process';
import { buildScaleArchive } from './scale-archive';

const { values } = parseArgs({
  options: {
    photos: { type: 'string', default: '50000' },
    archive: { type: 'string' },
    keep: { type: 'boolean', default: false },
    // Pixels scrolled per animation frame: about 8 grid rows, a hard fling.
    step: { type: 'string', default: '2000' },
    // A folder to save screenshots of the grid and the map in.
    shots: { type: 'string' },
  },
});

const count = Number(values.photos);
if (!Number.isInteger(count) || count < 1) throw new Error(`--photos takes a number of photos, not ${values.photos}`);
if (!fs.existsSync(path.join(PROJECT_ROOT, 'dist', 'renderer', 'index.html'))) throw new Error('Build the renderer first: npx vite build');
if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH).`);

const base = values.archive ? path.resolve(values.archive) : fs.mkdtempSync(path.join(os.tmpdir(), 'scale-ui-'));
const dir = values.archive ? base : path.join(base, 'archive');
if (!fs.existsSync(path.join(dir, 'catalog.sqlite'))) {
  console.log(`building a synthetic archive of ${count} photos in ${dir}`);
  const r = await buildScaleArchive(dir, count, (s) => console.log(`  ${s}`));
  console.log(`  ${r.photos} photos built in ${r.buildMs} ms (search index ${r.indexMs} ms)`);
} else {
  console.log(`reusing the archive in ${dir}`);
}

const host = await startHostProcess(dir);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  // tsx keeps function names with a helper (__name) that functions sent to the page would call.
  await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  await page.goto(host.url);

  // Every tile on screen shows its decoded thumbnail (none still waiting to ask for it).
  const pagePainted = () =>
    page.waitForFunction(
      () => {
        const scroller = document.querySelector('.grid-scroller');
        if (!scroller) return 0;
        const view = scroller.getBoundingClientRect();
        const onScreen = (e: Element) => {
          const r = e.getBoundingClientRect();
          return r.bottom > view.top && r.top < view.bottom;
        };
        if ([...document.querySelectorAll('.thumb-pending')].some(onScreen)) return 0;
        const imgs = [...document.querySelectorAll<HTMLImageElement>('.tile img')].filter(onScreen);
        return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0) ? performance.now() : 0;
      },
      undefined,
      { timeout: 120_000, polling: 'raf' },
    );

  // First page painted: every thumbnail on screen decoded, then one more frame drawn.
  const firstTiles = await page.waitForFunction(() => (document.querySelector('.tile') ? performance.now() : 0), undefined, { timeout: 120_000, polling: 'raf' });
  const painted = (await (await pagePainted()).jsonValue()) as number;
  const paintedAt = await page.evaluate((t) => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(Math.max(t, performance.now())))), painted);
  const shown = await page.getByTestId('result-count').textContent();
  console.log(`\ngrid: ${shown}`);
  console.log(`first tiles in the DOM:        ${Math.round((await firstTiles.jsonValue()) as number)} ms after navigation start`);
  console.log(`first thumbnails painted:      ${Math.round(paintedAt)} ms after navigation start`);
  const shot = async (name: string) => {
    if (!values.shots) return;
    fs.mkdirSync(values.shots, { recursive: true });
    await page.screenshot({ path: path.join(values.shots, `scale-ui-${name}.png`) });
  };
  await shot('grid');

  const thumbRequests = () => page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/media/thumb/')).length);

  /** Scrolls from the top, one step per animation frame, until the end or maxFrames; counts frames. */
  async function scrollRun(step: number, maxFrames: number): Promise<void> {
    const before = await thumbRequests();
    const r = await page.evaluate(
      async ([px, max]) => {
        const el = document.querySelector<HTMLElement>('.grid-scroller')!;
        el.scrollTop = 0;
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const times: number[] = [];
        await new Promise<void>((resolve) => {
          const frame = (t: number) => {
            times.push(t);
            if (times.length >= max || el.scrollTop + el.clientHeight >= el.scrollHeight - 1) return resolve();
            el.scrollTop += px;
            requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
        });
        const gaps = times.slice(1).map((t, i) => t - times[i]!);
        return { height: el.scrollHeight, travelled: el.scrollTop, frames: times.length, ms: times[times.length - 1]! - times[0]!, gaps };
      },
      [step, maxFrames] as const,
    );
    const sorted = [...r.gaps].sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
    const long = r.gaps.filter((g) => g > 1000 / 30).length;
    console.log(`\nscroll at ${step} px per frame: ${r.travelled.toLocaleString()} of ${r.height.toLocaleString()} px`);
    console.log(`  ${r.frames} frames in ${Math.round(r.ms)} ms (${(r.frames / (r.ms / 1000)).toFixed(1)} frames/s)`);
    console.log(`  frame interval p50 ${pct(0.5).toFixed(1)} ms, p95 ${pct(0.95).toFixed(1)} ms, max ${Math.max(...r.gaps).toFixed(1)} ms`);
    console.log(`  frames longer than two 60 Hz frames (33 ms): ${long} of ${r.gaps.length}`);
    // Where the scroll stopped: that page's thumbnails arrive; only tiles that stayed were asked for.
    const t0 = Date.now();
    await pagePainted();
    console.log(`  thumbnails where it stopped painted ${Date.now() - t0} ms after the scroll ended`);
    console.log(`  thumbnails requested during the run: ${(await thumbRequests()) - before}`);
  }

  // A fling through the whole grid, then a brisk scroll of 600 frames (about ten seconds at 60 Hz).
  await scrollRun(Number(values.step), Number.MAX_SAFE_INTEGER);
  await scrollRun(400, 600);

  // A search typed into the box: time from the last key to the grid showing the new count.
  const before = await page.getByTestId('result-count').textContent();
  await page.getByRole('searchbox', { name: 'Search photos' }).fill('');
  const typed = Date.now();
  await page.getByRole('searchbox', { name: 'Search photos' }).pressSequentially('kharkiv school', { delay: 30 });
  const lastKey = Date.now();
  await page.waitForFunction(
    (b) => {
      const t = document.querySelector('[data-testid="result-count"]')?.textContent ?? '';
      return t !== b && /^\d/.test(t) && t.includes('kharkiv school');
    },
    before,
    { timeout: 30_000, polling: 'raf' },
  );
  const after = await page.getByTestId('result-count').textContent();
  console.log(`\nsearch "kharkiv school" typed in ${lastKey - typed} ms; grid updated ${Date.now() - lastKey} ms after the last key (includes the 250 ms typing pause): ${after}`);

  // The map of every geotagged photo (the search cleared first): time until its markers are drawn.
  await page.getByRole('searchbox', { name: 'Search photos' }).fill('');
  await page.waitForFunction(() => /^\d[\d,]* photos/.test(document.querySelector('[data-testid="result-count"]')?.textContent ?? ''), undefined, { timeout: 30_000 });
  const mapStart = Date.now();
  await page.getByRole('button', { name: 'Map', exact: true }).click();
  await page.locator('.map-land').waitFor({ timeout: 60_000 });
  await page.locator('.map-marker').first().waitFor({ timeout: 60_000 });
  const status = await page.locator('.map-status').textContent();
  const markers = await page.locator('.map-marker').count();
  await shot('map');
  console.log(`\nmap: ${status}; ${markers} markers (clusters) drawn ${Date.now() - mapStart} ms after opening it`);
  // Panning: 60 pointer moves, one per frame, counting frames.
  const box = (await page.locator('.map-svg').boundingBox())!;
  const panFrames = page.evaluate(
    () =>
      new Promise<number[]>((resolve) => {
        const times: number[] = [];
        const frame = (t: number) => {
          times.push(t);
          if (times.length > 90) resolve(times.slice(1).map((x, i) => x - times[i]!));
          else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
  );
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 0; i < 60; i++) await page.mouse.move(box.x + box.width / 2 - i * 5, box.y + box.height / 2 - i * 2);
  await page.mouse.up();
  const gaps = (await panFrames).sort((a, b) => a - b);
  console.log(`  while panning: frame interval p50 ${gaps[Math.floor(gaps.length / 2)]!.toFixed(1)} ms, p95 ${gaps[Math.floor(gaps.length * 0.95)]!.toFixed(1)} ms, max ${gaps[gaps.length - 1]!.toFixed(1)} ms`);

  const heap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null);
  if (heap !== null) console.log(`page JavaScript heap: ${(heap / 1048576).toFixed(1)} MB`);
} finally {
  await browser.close();
  await host.stop();
  if (!values.keep && !values.archive) fs.rmSync(base, { recursive: true, force: true });
  else console.log(`archive kept in ${dir}`);
}
