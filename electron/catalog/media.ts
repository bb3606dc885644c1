// The picture of each kind of file the importer takes: decoded pixels (JPEG, PNG, TIFF, WebP, AVIF
// via sharp; HEIC/HEIF via libheif in worker threads), a RAW's largest embedded JPEG preview (via
// ExifTool), or none (videos, RAWs without a usable preview: catalogued and shown as "No preview").
import sharp from 'sharp';
import { ImageProblem, PREVIEW_SIZE, renderLenient, renderOrientedPair, renderThumbnail, swapsSides } from './derived';
import { embeddedImages, type EmbeddedImage } from './exiftool';
import { HeifTooLarge, heifHasTransforms, withDecodedHeif } from './heif';
import { posterFrame } from './poster';
import type { MediaMetadata } from './metadata';
import type { Sniffed } from './sniff';
import { truncationOf } from './truncation';

export interface Picture {
  status: 'ok' | 'no-preview';
  format: string;
  /** Displayed size (upright): the full image's, never a thumbnail's. */
  width: number | null;
  height: number | null;
  hasThumb: boolean;
  /** True when the viewer preview was made here (else the import's preview pass makes it). */
  hasPreview: boolean;
  /** Said to the user when the file could only partly be read. */
  warning: string | null;
  /** Orientation the pixels were turned by, when known. */
  orientation: number | null;
}

export interface PictureJob {
  sniffed: Sniffed;
  /** The file's bytes, or its path when too big to keep in memory. */
  input: Buffer | string;
  file: string;
  out: { thumb: string; preview: string };
  maxPixels: number;
}

/** Raster formats: the grid thumbnail first (the viewer preview comes in the import's second pass). */
export async function rasterPicture(job: PictureJob): Promise<Picture> {
  try {
    const r = await renderThumbnail(job.input, job.out.thumb, job.maxPixels);
    return { status: 'ok', format: r.format, width: r.width, height: r.height, hasThumb: true, hasPreview: false, warning: null, orientation: r.orientation };
  } catch (err) {
    if (!(err instanceof ImageProblem) || typeof job.input === 'string') throw err;
    return await damagedRaster(job, err);
  }
}

/**
 * libvips refused the pixels. A file cut short is refused with that reason. A complete file with
 * damaged data is catalogued with a warning and the best picture there is: libvips decoding
 * leniently (the undamaged part), else the camera's embedded preview.
 */
async function damagedRaster(job: PictureJob, problem: ImageProblem): Promise<Picture> {
  const bytes = job.input as Buffer;
  if (/pixel|larger than the decoder|not a recognised image/.test(problem.message)) throw problem;
  const cut = truncationOf(bytes, job.sniffed.format);
  if (cut) throw /^truncated/.test(problem.message) ? problem : new ImageProblem(`truncated image: ${cut}`);
  const detail = problem.message.replace(/^[^(]*\(/, '').replace(/\)$/, '');
  const warning = `corrupt image data: the file is complete but part of its picture cannot be decoded (${detail})`;
  try {
    const r = await renderLenient(bytes, job.out, job.maxPixels);
    return { status: 'ok', format: r.format, width: r.width, height: r.height, hasThumb: true, hasPreview: true, warning, orientation: r.orientation };
  } catch {
    // fall through to the embedded preview
  }
  const preview = await largestEmbeddedJpeg(job.file, job.maxPixels);
  if (!preview) throw new ImageProblem(warning);
  const header = await sharp(bytes).metadata();
  await renderOrientedPair(() => sharp(preview), header.orientation ?? null, job.out);
  const swap = swapsSides(header.orientation ?? null);
  return {
    status: 'ok',
    format: header.format ?? job.sniffed.format,
    width: (swap ? header.height : header.width) ?? null,
    height: (swap ? header.width : header.height) ?? null,
    hasThumb: true,
    hasPreview: true,
    warning: `${warning}; the picture shown is the camera's embedded preview`,
    orientation: header.orientation ?? null,
  };
}

/** RAW: the largest embedded JPEG that decodes, turned by the RAW's own Orientation. */
export async function rawPicture(job: PictureJob, metaRead: Promise<MediaMetadata>): Promise<Picture> {
  const cut = typeof job.input === 'string' ? null : truncationOf(job.input, job.sniffed.format);
  // One ExifTool read gave both the tags and the embedded JPEGs.
  const meta = await metaRead;
  const preview = await firstUsableJpeg(meta.embeddedImages ?? [], job.maxPixels);
  const hasMetadata = meta.make !== null || meta.model !== null || meta.taggedWidth !== null;
  if (!hasMetadata && !preview) {
    const exif = exifToolWarning(meta);
    throw new ImageProblem(
      cut ? `truncated RAW file: ${cut}` : `not a readable ${job.sniffed.format.toUpperCase()} file: no camera metadata and no picture found${exif ? ` (ExifTool: ${exif})` : ''}`,
    );
  }
  const orientation = meta.orientation;
  let shown: { width: number; height: number } | null = null;
  if (preview) shown = await renderOrientedPair(() => sharp(preview), orientation, job.out);
  const full = meta.taggedWidth !== null && meta.taggedHeight !== null ? { width: meta.taggedWidth, height: meta.taggedHeight } : null;
  const size = full ? (swapsSides(orientation) ? { width: full.height, height: full.width } : full) : shown;
  return {
    status: preview ? 'ok' : 'no-preview',
    format: job.sniffed.format,
    width: size?.width ?? null,
    height: size?.height ?? null,
    hasThumb: !!preview,
    hasPreview: !!preview,
    warning: cut ? `the file looks cut short (${cut}); what could be read is catalogued` : null,
    orientation,
  };
}

function exifToolWarning(meta: MediaMetadata): string | null {
  const tags = (meta.dump.exiftool ?? {}) as Record<string, unknown>;
  const w = tags.Error ?? tags.Warning;
  return typeof w === 'string' ? w : null;
}

async function largestEmbeddedJpeg(file: string, maxPixels: number): Promise<Buffer | null> {
  try {
    return await firstUsableJpeg(await embeddedImages(file), maxPixels);
  } catch {
    return null;
  }
}

/** The largest embedded JPEG that decodes (not "(Dummy preview image)", not a cut-off one). */
async function firstUsableJpeg(images: EmbeddedImage[], maxPixels: number): Promise<Buffer | null> {
  for (const img of images) {
    if (img.bytes[0] !== 0xff || img.bytes[1] !== 0xd8) continue; // "(Dummy preview image)" and the like
    try {
      const { width = 0, height = 0 } = await sharp(img.bytes).metadata();
      if (width <= 0 || height <= 0 || width * height > maxPixels) continue;
      // Decodes, not just a header; libjpeg's shrink-on-load keeps this at 1/8 scale.
      await sharp(img.bytes, { failOn: 'truncated' }).resize(8, 8).toBuffer();
      return img.bytes;
    } catch {
      continue;
    }
  }
  return null;
}

/** HEIC/HEIF: decoded by libheif in a worker thread; both sizes made from that one decode. */
export async function heifPicture(job: PictureJob, meta: MediaMetadata): Promise<Picture> {
  const bytes = typeof job.input === 'string' ? null : job.input;
  if (!bytes) throw new ImageProblem('HEIF file larger than the archive decodes in memory (64 MB)');
  // libheif shows what it can of a cut file (missing tiles grey): refuse it, saying why.
  const cut = truncationOf(bytes, 'heic');
  if (cut) throw new ImageProblem(`truncated HEIF file: ${cut}`);
  // libheif has applied irot/imir; only a file without them is turned by its EXIF Orientation.
  const orientation = heifHasTransforms(bytes) ? null : meta.orientation;
  let size;
  try {
    size = await withDecodedHeif(bytes, { maxPixels: job.maxPixels, fitInside: PREVIEW_SIZE }, async (decoded) => {
      const raw = { raw: { width: decoded.rgbWidth, height: decoded.rgbHeight, channels: 3 as const } };
      await renderOrientedPair(() => sharp(decoded.rgb, raw), orientation, job.out);
      // Displayed size: the full image's, not the reduced pixels'.
      return swapsSides(orientation) ? { width: decoded.height, height: decoded.width } : { width: decoded.width, height: decoded.height };
    });
  } catch (err) {
    if (err instanceof ImageProblem) throw err;
    if (err instanceof HeifTooLarge) throw new ImageProblem(err.message);
    const msg = err instanceof Error ? err.message : String(err);
    throw new ImageProblem(`HEIF image data cannot be decoded (libheif: ${msg})`);
  }
  return { status: 'ok', format: job.sniffed.format, ...size, hasThumb: true, hasPreview: true, warning: null, orientation: orientation ?? 1 };
}

/** Videos: catalogued with their metadata; the first frame as the picture where ffmpeg can make one. */
export async function videoPicture(job: PictureJob, meta: MediaMetadata): Promise<Picture> {
  const tags = (meta.dump.exiftool ?? {}) as Record<string, unknown>;
  const rotation = typeof tags.Rotation === 'number' ? tags.Rotation : 0;
  const w = meta.taggedWidth;
  const h = meta.taggedHeight;
  const turned = rotation === 90 || rotation === 270;
  const size = { width: turned ? h : w, height: turned ? w : h };
  const frame = await posterFrame(job.file);
  if (frame) {
    try {
      // ffmpeg has already turned the frame by the track's rotation.
      const shown = await renderOrientedPair(() => sharp(frame), null, job.out);
      return { status: 'ok', format: job.sniffed.format, width: size.width ?? shown.width, height: size.height ?? shown.height, hasThumb: true, hasPreview: true, warning: null, orientation: null };
    } catch {
      // an undecodable frame: the video is still catalogued, without a picture
    }
  }
  return { status: 'no-preview', format: job.sniffed.format, ...size, hasThumb: false, hasPreview: false, warning: null, orientation: null };
}
