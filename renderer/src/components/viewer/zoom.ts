// The photo view's zoom, as photo managers have it: Fit (the whole picture in the window), Fill (the
// window covered), and fixed ratios of image pixels to screen pixels (1:1 shows each of the
// original's pixels on one physical screen pixel, 2:1 on two). Scales here are CSS pixels per
// image pixel; a fixed ratio divides by devicePixelRatio so 1:1 means physical pixels.

export type ZoomMode = 'fit' | 'fill' | { ratio: number };

export const FIT: ZoomMode = 'fit';
export const FILL: ZoomMode = 'fill';
export const ONE_TO_ONE: ZoomMode = { ratio: 1 };
export const TWO_TO_ONE: ZoomMode = { ratio: 2 };

export const ZOOM_STEP = 1.25;
/** The most a photo is enlarged: 16 screen pixels for one image pixel. */
export const MAX_RATIO = 16;

export interface Size {
  w: number;
  h: number;
}

export function fitScale(image: Size, viewport: Size): number {
  return Math.min(viewport.w / image.w, viewport.h / image.h);
}

export function fillScale(image: Size, viewport: Size): number {
  return Math.max(viewport.w / image.w, viewport.h / image.h);
}

/** CSS pixels per image pixel for a mode. */
export function scaleOf(mode: ZoomMode, image: Size, viewport: Size, dpr: number): number {
  if (mode === 'fit') return fitScale(image, viewport);
  if (mode === 'fill') return fillScale(image, viewport);
  return mode.ratio / dpr;
}

/** The ratio of screen pixels to image pixels a scale shows (1 = 1:1). */
export function ratioOf(scale: number, dpr: number): number {
  return scale * dpr;
}

/** The next mode after zooming in (factor > 1) or out: never smaller than the fit, never beyond MAX_RATIO. */
export function stepped(scale: number, factor: number, image: Size, viewport: Size, dpr: number): ZoomMode {
  const fit = fitScale(image, viewport);
  const next = scale * factor;
  const min = Math.min(fit, 1 / dpr);
  if (next <= min * 1.0001) return fit <= 1 / dpr ? FIT : { ratio: min * dpr };
  const ratio = Math.min(MAX_RATIO, next * dpr);
  return { ratio };
}

/** The readout beside the zoom buttons: "Fit 42%", "Fill 80%", "1:1", "2:1", "150%". */
export function zoomLabel(mode: ZoomMode, scale: number, dpr: number): string {
  const pct = `${Math.round(ratioOf(scale, dpr) * 100)}%`;
  if (mode === 'fit') return `Fit ${pct}`;
  if (mode === 'fill') return `Fill ${pct}`;
  return Number.isInteger(mode.ratio) ? `${mode.ratio}:1` : pct;
}

export function sameMode(a: ZoomMode, b: ZoomMode): boolean {
  return typeof a === 'string' || typeof b === 'string' ? a === b : a.ratio === b.ratio;
}

/** Integer stage size and placement, so 1:1 and 2:1 land on whole screen pixels (no resampling blur). */
export function stageBox(image: Size, viewport: Size, scale: number): { width: number; height: number; left: number; top: number } {
  const width = Math.max(1, Math.round(image.w * scale));
  const height = Math.max(1, Math.round(image.h * scale));
  return { width, height, left: Math.max(0, Math.floor((viewport.w - width) / 2)), top: Math.max(0, Math.floor((viewport.h - height) / 2)) };
}
