// The full-resolution image of a photo for the viewer's 1:1 and 2:1 zoom. Formats every browser
// decodes are served as the original bytes (Chromium applies the EXIF orientation itself, so the
// picture is upright like the previews); anything else (TIFF, or a file only libvips can read) gets
// a full-size upright rendition made once with sharp and kept under full/ like the other derived
// images. Either way the bytes are checked against the catalogued SHA-256 before they are shown.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { originalFile, type Archive } from './archive';
import { hashFile } from './hashing';
import { temporaryName } from './temporaries';
import type { PhotoRow } from './photos';

export const FULL_SIZE_FOLDER = 'full';

/** Browser-decodable formats, by sharp's format name and by file extension. */
const BROWSER_FORMATS: Readonly<Record<string, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  heif: '', // sharp names AVIF "heif"; only an .avif extension makes it one the browser shows
  gif: 'image/gif',
};
const BROWSER_EXTENSIONS: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.jpe': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
};
/** WebP cannot hold more than this many pixels on a side; larger renditions are PNG. */
const WEBP_MAX_SIDE = 16383;

/** The photos columns a full-size rendition needs (sha256 known: only catalogued photos have one). */
export type FullSizeRow = Pick<PhotoRow, 'id' | 'source_path' | 'stored_path' | 'size' | 'mtime_ms' | 'format' | 'width' | 'height'> & { sha256: string };

export interface FullSizeFile {
  file: string;
  contentType: string;
}

/** The MIME type the browser is told for a file we serve: by extension, never by sniffing. */
export function browserImageType(file: string): string | null {
  return BROWSER_EXTENSIONS[path.extname(file).toLowerCase()] ?? null;
}

/** Photos whose original bytes were hashed this process and found unchanged (keyed by size and time too). */
const verified = new Set<string>();
const rendering = new Map<string, Promise<string>>();

/**
 * The file to show at full resolution, or null when there is none (the original is missing or has
 * changed, or the format cannot be decoded here: the viewer then stays on the preview).
 */
export async function fullSizeImage(archive: Archive, row: FullSizeRow, maxPixels: number): Promise<FullSizeFile | null> {
  const original = originalFile(archive.dir, row);
  const type = browserImageType(original);
  if (type && row.format !== null && row.format in BROWSER_FORMATS) {
    return (await checkedOriginal(archive, row, original)) ? { file: original, contentType: type } : null;
  }
  const existing = renditionFiles(archive.dir, row.sha256).find((f) => fs.existsSync(f));
  if (existing) return { file: existing, contentType: browserImageType(existing)! };
  const key = `${archive.dir}:${row.sha256}`;
  let job = rendering.get(key);
  if (!job) {
    job = renderFullSize(archive, row, original, maxPixels).finally(() => rendering.delete(key));
    rendering.set(key, job);
  }
  try {
    const file = await job;
    return { file, contentType: browserImageType(file)! };
  } catch {
    return null;
  }
}

/** Where a photo's full-size rendition lives: WebP, or PNG when a side is beyond WebP's limit. */
export function renditionFiles(archiveDir: string, sha256: string): string[] {
  const base = path.join(archiveDir, FULL_SIZE_FOLDER, sha256.slice(0, 2), sha256);
  return [`${base}.webp`, `${base}.png`];
}

/**
 * A referenced original lives outside the archive, so "inside the archive" cannot hold for it:
 * instead the catalogue names the file (never the URL), it must be a regular file of the catalogued
 * size and modification time, and its bytes must hash to the catalogued SHA-256 (once per process).
 * A copy inside the archive must also really be inside originals/ (no symlink out).
 */
async function checkedOriginal(archive: Archive, row: FullSizeRow, file: string): Promise<boolean> {
  let stat: fs.Stats;
  let real: string;
  try {
    real = fs.realpathSync(file);
    stat = fs.statSync(real);
  } catch {
    return false;
  }
  if (!stat.isFile() || stat.size !== row.size) return false;
  if (row.stored_path) {
    const own = fs.realpathSync(path.join(archive.dir, 'originals'));
    if (!real.startsWith(own + path.sep)) return false;
  } else if (Math.abs(stat.mtimeMs - row.mtime_ms) >= 1) {
    // (the catalogue keeps whole milliseconds)
    return false;
  }
  const key = `${archive.dir}:${row.id}:${stat.size}:${Math.trunc(stat.mtimeMs)}`;
  if (verified.has(key)) return true;
  try {
    const { sha256 } = await hashFile(real);
    if (sha256 !== row.sha256) return false;
  } catch {
    return false;
  }
  verified.add(key);
  return true;
}

async function renderFullSize(archive: Archive, row: FullSizeRow, original: string, maxPixels: number): Promise<string> {
  const { sha256, bytes } = await hashFile(original, true);
  if (sha256 !== row.sha256) throw new Error('the original has changed since it was imported (its hash differs); run verify');
  const input = bytes ?? original;
  const meta = await sharp(input, { limitInputPixels: maxPixels }).metadata();
  const side = Math.max(meta.width ?? 0, meta.height ?? 0);
  const [webp, png] = renditionFiles(archive.dir, row.sha256) as [string, string];
  const out = side > WEBP_MAX_SIDE ? png : webp;
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const tmp = temporaryName(out, 'tmp', row.id);
  // Lossless: a close look must not see compression artefacts the original does not have.
  const pipeline = sharp(input, { limitInputPixels: maxPixels, failOn: 'truncated' }).rotate();
  try {
    await (out === png ? pipeline.png({ compressionLevel: 1 }) : pipeline.webp({ lossless: true, effort: 0 })).toFile(tmp);
    fs.renameSync(tmp, out);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  return out;
}
