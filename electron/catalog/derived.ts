// Rendering the derived images of a photo (grid thumbnail and viewer preview) with sharp.
import exifr from 'exifr';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Metadata, type Sharp } from 'sharp';

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

/** Decodes once at preview size, auto-oriented, then writes both WebP files from those pixels. */
export async function renderDerived(
  input: Buffer | string,
  out: { thumb: string; preview: string },
  maxPixels: number,
): Promise<Rendered> {
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
  try {
    const { data, info } = await sharp(input, { limitInputPixels: maxPixels, failOn: 'truncated' })
      .rotate()
      .resize(PREVIEW_SIZE, PREVIEW_SIZE, { fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
    await Promise.all([
      writeAtomic(out.preview, sharp(data, raw).webp({ quality: 80, effort: 2 })),
      writeAtomic(
        out.thumb,
        sharp(data, raw).resize(THUMB_SIZE, THUMB_SIZE, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 75, effort: 2 }),
      ),
    ]);
  } catch (err) {
    throw new ImageProblem(explainSharpError(err));
  }
  const swap = orientation !== null && orientation >= 5 && orientation <= 8;
  return { format: format ?? 'unknown', width: swap ? height : width, height: swap ? width : height, orientation };
}

/** RAW and HEIC files: render from the JPEG preview the camera embedded, if there is one. */
export async function renderFromEmbeddedPreview(
  input: Buffer | string,
  out: { thumb: string; preview: string },
  maxPixels: number,
): Promise<Rendered | null> {
  let jpeg: Uint8Array | undefined;
  try {
    jpeg = await exifr.thumbnail(input);
  } catch {
    jpeg = undefined;
  }
  if (!jpeg || jpeg.length === 0) return null;
  try {
    return await renderDerived(Buffer.from(jpeg), out, maxPixels);
  } catch {
    return null;
  }
}

async function writeAtomic(file: string, pipeline: Sharp): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await pipeline.toFile(tmp);
  await fs.rename(tmp, file);
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
  if (/premature end|truncated|unexpected end|end of file|EOF/i.test(msg)) return `truncated or incomplete image data (${detail})`;
  return `corrupt or unreadable image data (${detail})`;
}
