// Shared copies of an image: the upright picture (EXIF orientation applied) with every region
// marked "redact" blurred beyond recognition or blacked out, re-encoded without the file's own
// EXIF/XMP/IPTC, and with a short EXIF of our own that names the original by its SHA-256. The
// original is only read. The record of a copy (both hashes, the regions hidden, how) goes into the
// export and into the photo's history, so anyone holding the original can confirm the copy's source.
import { createHash } from 'node:crypto';
import sharp, { type OverlayOptions, type Sharp } from 'sharp';
import type { Geometry, RedactKind, ShareOptions, ShareRemovable } from '../../../shared/api';
import { boundsOf, num, outlineOf } from './annotation-data';
import type { ExportPhoto, ExportRegion } from './collect';

export type RedactionMethod = ShareOptions['redaction'];

export interface RedactedRegion {
  regionId: number;
  kind: RedactKind;
  geometry: Geometry;
}

/** What a shared copy is, as recorded in the export and the history. */
export interface SharedCopyRecord {
  fileName: string;
  sha256: string;
  size: number;
  width: number;
  height: number;
  format: 'jpeg';
  originalSha256: string;
  method: RedactionMethod;
  redacted: RedactedRegion[];
  /** What else the copy leaves out of the original: its own metadata, always. */
  metadata: string;
}

/** The regions a shared copy hides: marked "redact" and confirmed (suggestions hide nothing until accepted). */
export function redactedRegions(regions: ExportRegion[]): RedactedRegion[] {
  return regions.filter((r) => r.redact !== null && r.redactState === 'confirmed').map((r) => ({ regionId: r.id, kind: r.redact!, geometry: r.geometry }));
}

/** A region's bounding box in pixels, grown to whole pixels and clamped to the image. */
function pixelBox(g: Geometry, width: number, height: number): { left: number; top: number; width: number; height: number } | null {
  const b = boundsOf(g);
  const left = Math.max(0, Math.floor(b.x * width));
  const top = Math.max(0, Math.floor(b.y * height));
  const right = Math.min(width, Math.ceil((b.x + b.w) * width));
  const bottom = Math.min(height, Math.ceil((b.y + b.h) * height));
  return right > left && bottom > top ? { left, top, width: right - left, height: bottom - top } : null;
}

/**
 * The patch that replaces a region's box: black, or the box's pixels reduced to a few blocks and
 * blurred (a plain Gaussian blur of a face can be partly undone; averaging it down to at most 6
 * blocks across first leaves nothing to recover).
 */
async function patchFor(upright: Sharp, box: { left: number; top: number; width: number; height: number }, method: RedactionMethod): Promise<Buffer> {
  if (method === 'black') {
    return sharp({ create: { width: box.width, height: box.height, channels: 3, background: { r: 0, g: 0, b: 0 } } }).png().toBuffer();
  }
  const blocks = Math.max(1, Math.round(Math.max(box.width, box.height) / 6));
  const small = await upright
    .clone()
    .extract(box)
    .resize(Math.max(1, Math.round(box.width / blocks)), Math.max(1, Math.round(box.height / blocks)), { fit: 'fill', kernel: 'cubic' })
    .removeAlpha()
    .png()
    .toBuffer();
  return sharp(small)
    .resize(box.width, box.height, { fit: 'fill', kernel: 'cubic' })
    .blur(Math.max(1, Math.min(box.width, box.height) / 8))
    .png()
    .toBuffer();
}

/** An SVG mask of a polygon in the box's own pixels (only digits go into it: see num()). */
function polygonMask(g: Geometry, box: { left: number; top: number; width: number; height: number }, width: number, height: number): Buffer {
  const pts = outlineOf(g)
    .map(([x, y]) => `${num(x * width - box.left, 2)},${num(y * height - box.top, 2)}`)
    .join(' ');
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${box.width}" height="${box.height}"><polygon points="${pts}" fill="#fff"/></svg>`);
}

/**
 * Renders `input` (a file or encoded image, oriented by its EXIF) upright with the regions hidden;
 * returns raw RGB pixels and their size, ready to encode.
 */
export async function renderRedacted(input: string | Buffer, regions: RedactedRegion[], method: RedactionMethod): Promise<{ data: Buffer; width: number; height: number }> {
  // Upright first: region coordinates are in the displayed (auto-oriented) frame.
  const upright = await sharp(input, { failOn: 'none', limitInputPixels: 200_000_000 }).rotate().flatten({ background: '#ffffff' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = upright.info;
  const base = sharp(upright.data, { raw: { width, height, channels: 3 } });
  const layers: OverlayOptions[] = [];
  for (const r of regions) {
    const box = pixelBox(r.geometry, width, height);
    if (!box) continue;
    let patch = await patchFor(base, box, method);
    if (r.geometry.type === 'polygon') patch = await sharp(patch).ensureAlpha().composite([{ input: polygonMask(r.geometry, box, width, height), blend: 'dest-in' }]).png().toBuffer();
    layers.push({ input: patch, left: box.left, top: box.top });
  }
  const data = layers.length ? await base.clone().composite(layers).removeAlpha().raw().toBuffer() : upright.data;
  return { data, width, height };
}

const JPEG_QUALITY = 92;

/**
 * A shared copy of one photo, encoded as JPEG: upright, regions hidden, none of the original's
 * metadata; only a description naming the original's hash, plus the camera and capture time when
 * the profile keeps them.
 */
export async function sharedCopy(p: ExportPhoto, method: RedactionMethod, remove: ReadonlySet<ShareRemovable>, fileName: string): Promise<{ bytes: Buffer; record: SharedCopyRecord }> {
  const original = p.photo.sha256!;
  const redacted = redactedRegions(p.regions);
  const { data, width, height } = await renderRedacted(p.originalPath, redacted, method);
  const ifd0: Record<string, string> = {
    ImageDescription: `Shared copy of urn:sha256:${original}${redacted.length ? `; ${redacted.length} region(s) ${method === 'black' ? 'blacked out' : 'blurred'}` : ''}`,
    Software: 'Damage Archive',
  };
  if (!remove.has('camera')) {
    if (p.photo.make) ifd0.Make = p.photo.make;
    if (p.photo.model) ifd0.Model = p.photo.model;
  }
  const exif: Record<string, Record<string, string>> = { IFD0: ifd0 };
  if (!remove.has('captureTime') && p.photo.capture?.raw && /^\d{4}:\d{2}:\d{2} \d{2}:\d{2}:\d{2}$/.test(p.photo.capture.raw)) {
    exif.IFD2 = { DateTimeOriginal: p.photo.capture.raw };
  }
  const bytes = await sharp(data, { raw: { width, height, channels: 3 } }).withExif(exif).jpeg({ quality: JPEG_QUALITY }).toBuffer();
  return {
    bytes,
    record: {
      fileName,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      width,
      height,
      format: 'jpeg',
      originalSha256: original,
      method,
      redacted,
      metadata: 'Rendered upright; the original file\'s EXIF, XMP and IPTC are not carried (only a description naming the original, and the camera and capture time unless the profile removed them).',
    },
  };
}

/** The copy's name: the original's stem with .jpg (the copy is always JPEG). */
export function copyName(name: string): string {
  const dot = name.lastIndexOf('.');
  return `${dot > 0 ? name.slice(0, dot) : name}.jpg`;
}

/** The history's sentence for a shared copy. */
export function sharedCopyNote(fileName: string, r: SharedCopyRecord): string {
  const hidden = r.redacted.length ? `${r.redacted.length} region${r.redacted.length === 1 ? '' : 's'} ${r.method === 'black' ? 'blacked out' : 'blurred'}` : 'no region hidden';
  return `Shared copy of ${fileName} exported (${hidden}, metadata stripped): copy SHA-256 ${r.sha256}, original SHA-256 ${r.originalSha256}`;
}
