// Where a thumbnail's image actually sits inside its tile, computed rather than measured, so region
// outlines can be laid exactly over it before the image has even loaded.
import { THUMB_HEIGHT, THUMB_LONG_SIDE } from './layout';

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The displayed image box of a photo (width x height, as displayed after EXIF orientation) inside
 * a thumbnail box boxWidth x THUMB_HEIGHT: the thumbnail file is the photo shrunk to 320 px on its
 * long side (never enlarged), then scaled down further to fit, centred, like object-fit: contain.
 */
export function thumbImageBox(width: number, height: number, boxWidth: number, boxHeight = THUMB_HEIGHT): Box | null {
  if (width <= 0 || height <= 0 || boxWidth <= 0) return null;
  const file = Math.min(1, THUMB_LONG_SIDE / Math.max(width, height));
  const scale = Math.min(file, boxWidth / width, boxHeight / height);
  const w = width * scale;
  const h = height * scale;
  return { left: (boxWidth - w) / 2, top: (boxHeight - h) / 2, width: w, height: h };
}
