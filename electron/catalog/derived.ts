// Rendering the derived images of a photo (grid thumbnail and viewer preview) with sharp.
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { temporaryName } from './temporaries';

export const THUMB_SIZE = 320;
export const PREVIEW_SIZE = 2048;

// Batches touch each file once, so libvips' operation cache only costs memory (sharp's perf notes).
sharp.cache(false);

export interface Rendered {
  format: string;
  /** Displayed size, after EXIF orientation. */
  width: number;
  height: number;
  orientation: number | null;
}

export class ImageProblem extends Error {}

/**
 * The grid thumbnail, auto-oriented. Called first and alone so the grid fills at the speed of a bare
 * decode: libjpeg's shrink-on-load decodes a 12 MP JPEG straight to 1/8 scale for it.
 */
export async function renderThumbnail(input: Buffer | string, out: string, maxPixels: number): Promise<Rendered> {
  const header = await checkedHeader(input, maxPixels);
  await encode(out, () => sharp(input, decodeOptions(maxPixels)).rotate().resize(THUMB_SIZE, THUMB_SIZE, INSIDE).webp({ quality: 75, effort: 2 }));
  return header;
}

/** The viewer preview, auto-oriented, as JPEG (see {@link previewJpeg}). */
export async function renderPreview(input: Buffer | string, out: string, maxPixels: number): Promise<Rendered> {
  const header = await checkedHeader(input, maxPixels);
  await encode(out, () => previewJpeg(sharp(input, decodeOptions(maxPixels)).rotate().resize(PREVIEW_SIZE, PREVIEW_SIZE, INSIDE)));
  return header;
}

const INSIDE = { fit: 'inside', withoutEnlargement: true } as const;

/**
 * Viewer previews are JPEG: at 2048 px libjpeg-turbo encodes in ~1/8 of the time of libwebp's fastest
 * setting (76 ms against 605 ms here) for ~15% more bytes, and the preview pass is most of a complete
 * import's time. A transparent image is shown on white (JPEG has no alpha).
 */
function previewJpeg(p: Sharp): Sharp {
  return p.flatten({ background: '#ffffff' }).jpeg({ quality: 80 });
}

function decodeOptions(maxPixels: number) {
  // 'truncated' rather than the default 'warning': many real camera JPEGs carry harmless libjpeg
  // warnings (extraneous bytes before a marker) and must still import.
  return { limitInputPixels: maxPixels, failOn: 'truncated' } as const;
}

/** Reads only the header: refuses pixel bombs before any decoding, and gives the displayed size. */
async function checkedHeader(input: Buffer | string, maxPixels: number): Promise<Rendered> {
  let header: Metadata;
  try {
    header = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw new ImageProblem(explainSharpError(err));
  }
  const { width = 0, height = 0, format } = header;
  if (width <= 0 || height <= 0) throw new ImageProblem('not a recognised image: no pixel size in its header');
  if (width * height > maxPixels) {
    throw new ImageProblem(
      `image declares ${width}x${height} pixels (${fmtMp(width * height)}), more than the limit of ${fmtMp(maxPixels)}`,
    );
  }
  const orientation = header.orientation ?? null;
  const swap = orientation !== null && orientation >= 5 && orientation <= 8;
  return { format: format ?? 'unknown', width: swap ? height : width, height: swap ? width : height, orientation };
}

async function encode(out: string, pipeline: () => Sharp): Promise<void> {
  try {
    await writeAtomic(out, pipeline());
  } catch (err) {
    throw new ImageProblem(explainSharpError(err));
  }
}

/**
 * Both derived images from one decoded source (a HEIF's pixels, a RAW's embedded JPEG), turned
 * upright by `orientation` (EXIF 1-8) here: the source's own orientation tag, if any, is ignored,
 * since for a RAW it is the RAW's Orientation that counts. Returns the displayed size of the source.
 */
export async function renderOrientedPair(
  source: () => Sharp,
  orientation: number | null,
  out: { thumb: string; preview: string },
): Promise<{ width: number; height: number }> {
  try {
    const header = await source().metadata();
    // ONE decode: the upright preview-sized pixels, from which both files are encoded.
    const { data, info } = await orient(source(), orientation).resize(PREVIEW_SIZE, PREVIEW_SIZE, INSIDE).raw().toBuffer({ resolveWithObject: true });
    const pixels = () => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
    await writeAtomic(out.preview, previewJpeg(pixels()));
    await writeAtomic(out.thumb, pixels().resize(THUMB_SIZE, THUMB_SIZE, INSIDE).webp({ quality: 75, effort: 2 }));
    const w = header.width ?? 0;
    const h = header.height ?? 0;
    return swapsSides(orientation) ? { width: h, height: w } : { width: w, height: h };
  } catch (err) {
    throw new ImageProblem(explainSharpError(err));
  }
}

export function swapsSides(orientation: number | null): boolean {
  return orientation !== null && orientation >= 5 && orientation <= 8;
}

/** EXIF Orientation as explicit operations (sharp mirrors first, then rotates, whatever the call order). */
function orient(p: Sharp, o: number | null): Sharp {
  switch (o) {
    case 2:
      return p.flop();
    case 3:
      return p.rotate(180);
    case 4:
      return p.flip();
    case 5:
      return p.rotate(90).flip();
    case 6:
      return p.rotate(90);
    case 7:
      return p.rotate(90).flop();
    case 8:
      return p.rotate(270);
    default:
      return p;
  }
}

/**
 * A damaged file libvips refuses at its usual strictness: decoded again ignoring errors, so the
 * user gets what can be shown (the undamaged part, the rest grey) rather than nothing.
 */
export async function renderLenient(input: Buffer | string, out: { thumb: string; preview: string }, maxPixels: number): Promise<Rendered> {
  const header = await checkedHeader(input, maxPixels);
  const lenient = () => sharp(input, { limitInputPixels: maxPixels, failOn: 'none' }).rotate();
  await encode(out.thumb, () => lenient().resize(THUMB_SIZE, THUMB_SIZE, INSIDE).webp({ quality: 75, effort: 2 }));
  await encode(out.preview, () => previewJpeg(lenient().resize(PREVIEW_SIZE, PREVIEW_SIZE, INSIDE)));
  return header;
}

let writes = 0;

/**
 * Writes `<file>.<pid>.<n>.tmp`, then renames it into place, so a reader never sees half an image.
 * The counter keeps two writers of the same file in one process (an on-demand preview while the
 * import renders the same one) from writing into each other's temporary file.
 */
async function writeAtomic(file: string, pipeline: Sharp): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = temporaryName(file, 'tmp', ++writes);
  try {
    await pipeline.toFile(tmp);
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true }); // whatever a failed encode may have left
    throw err;
  }
}

function fmtMp(pixels: number): string {
  return `${(pixels / 1e6).toLocaleString('en', { maximumFractionDigits: 1 })} megapixels`;
}

/** libvips messages are cryptic; say what happened in words a user can act on, keeping the detail. */
export function explainSharpError(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  const detail = msg.split('\n')[0]!.slice(0, 300);
  if (/unsupported image format/i.test(msg)) return 'not a recognised image: the contents are not image data of a supported format';
  if (/pixel limit/i.test(msg)) return `image has more pixels than the configured limit (${detail})`;
  if (/maximum supported image dimension/i.test(msg)) return `image is larger than the decoder supports (${detail})`;
  if (/premature end|truncated|unexpected end|end of file|EOF/i.test(msg)) return `truncated or incomplete image data (${detail})`;
  return `corrupt or unreadable image data (${detail})`;
}
