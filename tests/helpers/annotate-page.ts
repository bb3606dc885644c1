// Driving the region editor in a real page: the API through the page's session, the preview's
// on-screen box, and normalized image points turned into mouse positions.
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import type { Geometry } from '../../shared/api';
import { callApi } from './batch-archive';

export type Box = { x: number; y: number; width: number; height: number };
export type Pt = [number, number];

export const annotationsOf = (page: Page, photoId: number) => callApi(page, 'getAnnotations', { photoId });
export const vocabularyOf = (page: Page) => callApi(page, 'getVocabulary', {});

export async function photoIdOf(page: Page, fileName: string): Promise<number> {
  const photos = await callApi(page, 'listPhotos', {});
  const p = photos.find((x) => x.fileName === fileName);
  if (!p) throw new Error(`${fileName} is not in the archive`);
  return p.id;
}

/** The on-screen box of the displayed preview (the editor's stage), once the image has loaded. */
export async function stageBox(page: Page): Promise<Box> {
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('.annot-stage img');
    const svg = document.querySelector('.annot-stage svg');
    return !!img && !!svg && img.complete && img.naturalWidth > 0;
  });
  return (await page.locator('.annot-stage').boundingBox())!;
}

/** A normalized image point as page coordinates, rounded to whole pixels as a mouse would be. */
export function toScreen(b: Box, [x, y]: Pt): Pt {
  return [Math.round(b.x + x * b.width), Math.round(b.y + y * b.height)];
}

/** What the editor should store for a pointer at these page coordinates. */
export function toImage(b: Box, [px, py]: Pt): Pt {
  return [(px - b.x) / b.width, (py - b.y) / b.height];
}

export async function dragRectangle(page: Page, from: Pt, to: Pt): Promise<{ x: number; y: number; w: number; h: number }> {
  const b = await stageBox(page);
  const a = toScreen(b, from);
  const c = toScreen(b, to);
  await page.keyboard.press('r');
  await page.mouse.move(a[0], a[1]);
  await page.mouse.down();
  await page.mouse.move((a[0] + c[0]) / 2, (a[1] + c[1]) / 2, { steps: 4 });
  await page.mouse.move(c[0], c[1], { steps: 4 });
  await page.mouse.up();
  const [x0, y0] = toImage(b, a);
  const [x1, y1] = toImage(b, c);
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** Clicks the corners of a polygon, then closes it by clicking the first corner again. */
export async function clickPolygon(page: Page, points: Pt[], beforeClosing?: () => Promise<unknown>): Promise<Pt[]> {
  const b = await stageBox(page);
  await page.keyboard.press('p');
  const screen = points.map((p) => toScreen(b, p));
  for (const [x, y] of screen) await page.mouse.click(x, y);
  await beforeClosing?.();
  await page.mouse.click(screen[0]![0], screen[0]![1]);
  return screen.map((s) => toImage(b, s));
}

/** Geometry numbers equal to what was drawn, within half a pixel of the displayed image. */
export function expectClose(actual: Geometry, expected: Geometry, b: Box, fail: (msg: string) => never): void {
  const tolerance = (axis: 'x' | 'y') => 0.5 / (axis === 'x' ? b.width : b.height) + 1e-6;
  const check = (a: number, e: number, axis: 'x' | 'y', what: string) => {
    if (Math.abs(a - e) > tolerance(axis)) fail(`${what}: stored ${a}, drawn ${e}`);
  };
  if (actual.type !== expected.type) fail(`stored a ${actual.type}, drew a ${expected.type}`);
  if (actual.type === 'rect' && expected.type === 'rect') {
    check(actual.x, expected.x, 'x', 'x');
    check(actual.y, expected.y, 'y', 'y');
    check(actual.w, expected.w, 'x', 'w');
    check(actual.h, expected.h, 'y', 'h');
  } else if (actual.type === 'polygon' && expected.type === 'polygon') {
    if (actual.points.length !== expected.points.length) fail(`stored ${actual.points.length} points, drew ${expected.points.length}`);
    actual.points.forEach(([x, y], i) => {
      check(x, expected.points[i]![0], 'x', `point ${i} x`);
      check(y, expected.points[i]![1], 'y', `point ${i} y`);
    });
  }
}

/** Where pixels of one colour are in a screenshot, relative to a box (0..1), and how many there are. */
export async function colourExtent(png: Buffer, box: Box, rgb: [number, number, number], tolerance = 40) {
  const left = Math.round(box.x);
  const top = Math.round(box.y);
  const width = Math.round(box.width);
  const height = Math.round(box.height);
  const { data, info } = await sharp(png).extract({ left, top, width, height }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let count = 0;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      const i = (y * info.width + x) * info.channels;
      if (Math.abs(data[i]! - rgb[0]) <= tolerance && Math.abs(data[i + 1]! - rgb[1]) <= tolerance && Math.abs(data[i + 2]! - rgb[2]) <= tolerance) {
        count++;
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    }
  }
  return { count, x0: x0 / info.width, y0: y0 / info.height, x1: (x1 + 1) / info.width, y1: (y1 + 1) / info.height };
}
