// What a file is, decided by its contents (magic bytes), not its name: a text file named .dng is
// not a photo, and a JPEG named .bin is one. file-type reads the signatures of the common formats;
// the few RAW containers it does not know (Canon CRW, Minolta MRW, Sigma X3F) are checked here, and
// TIFF-based RAWs that look like plain TIFF (NEF, PEF, SRW, 3FR, IIQ...) are told apart by name.
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';

/**
 * - `raster`: sharp/libvips decodes it (JPEG, PNG, TIFF, WebP, AVIF, GIF).
 * - `heif`: HEIC/HEIF, decoded by libheif (WebAssembly) in worker threads.
 * - `raw`: camera RAW; metadata and the embedded JPEG preview through ExifTool.
 * - `video`: phone/camera video; metadata through ExifTool.
 * - `other`: not an image the archive takes (listed by name, never catalogued as a photo).
 */
export type MediaKind = 'raster' | 'heif' | 'raw' | 'video' | 'other';

export interface Sniffed {
  kind: MediaKind;
  /** Short name of the format found in the contents ("jpg", "heic", "cr3", "text"...). */
  format: string;
  /** Why it is `other`, in words for the user. */
  reason: string | null;
}

/** Enough for every signature file-type and the checks below look at. */
export const SNIFF_BYTES = 64 * 1024;

const RASTER = new Set(['jpg', 'png', 'webp', 'avif', 'gif', 'tif', 'jxl', 'jp2', 'bmp']);
const HEIF = new Set(['heic', 'heif']);
const RAW_TYPES = new Set(['cr2', 'cr3', 'nef', 'arw', 'dng', 'raf', 'orf', 'rw2', 'crw', 'mrw', 'x3f', 'nrw', 'srw', 'pef']);
const VIDEO = new Set(['mp4', 'mov', '3gp', '3g2', 'm4v', 'avi', 'mts', 'mkv', 'webm']);
/** Extensions of RAW formats that are TIFF containers (file-type sees "tif"). */
const TIFF_RAW_EXT = new Set(['.nef', '.nrw', '.arw', '.sr2', '.srf', '.dng', '.pef', '.srw', '.3fr', '.iiq', '.erf', '.kdc', '.dcr', '.mef', '.mos', '.rwl', '.cr2', '.orf', '.rw2', '.raw']);
/** Formats sharp here cannot decode though they are images (listed as such, with that reason). */
const UNDECODABLE_RASTER = new Set(['jxl', 'jp2', 'bmp']);

export async function sniff(head: Uint8Array, fileName: string): Promise<Sniffed> {
  if (head.length === 0) return { kind: 'other', format: 'empty', reason: 'empty file (0 bytes)' };
  const ext = path.extname(fileName).toLowerCase();
  const own = ownSignature(head);
  if (own) return { kind: 'raw', format: own, reason: null };
  const found = await fileTypeFromBuffer(head).catch(() => undefined);
  if (found) {
    if (found.ext === 'tif') return TIFF_RAW_EXT.has(ext) ? { kind: 'raw', format: ext.slice(1), reason: null } : { kind: 'raster', format: 'tif', reason: null };
    if (RAW_TYPES.has(found.ext)) return { kind: 'raw', format: found.ext, reason: null };
    if (HEIF.has(found.ext)) return { kind: 'heif', format: found.ext, reason: null };
    if (RASTER.has(found.ext)) {
      if (UNDECODABLE_RASTER.has(found.ext)) return { kind: 'other', format: found.ext, reason: `an image format the archive cannot read yet (${found.mime})` };
      return { kind: 'raster', format: found.ext, reason: null };
    }
    if (VIDEO.has(found.ext)) return { kind: 'video', format: found.ext, reason: null };
    return { kind: 'other', format: found.ext, reason: `not an image: the contents are ${found.mime}${misnamed(ext)}` };
  }
  // A TIFF header file-type could not follow (cut short): a RAW by its name, else a TIFF.
  if (isTiffHeader(head)) return TIFF_RAW_EXT.has(ext) ? { kind: 'raw', format: ext.slice(1), reason: null } : { kind: 'raster', format: 'tif', reason: null };
  if (looksLikeXmp(head)) return { kind: 'other', format: 'xmp', reason: `not an image: an XMP metadata file${misnamed(ext)}` };
  if (looksLikeText(head)) return { kind: 'other', format: 'text', reason: `not an image: the contents are plain text${misnamed(ext)}` };
  return { kind: 'other', format: 'unknown', reason: `not a recognised image: the contents match no image format${misnamed(ext)}` };
}

/** Says so when the name promises an image the contents are not. */
function misnamed(ext: string): string {
  return IMAGE_EXTENSIONS.has(ext) ? `, though the name ends in ${ext}` : '';
}

const IMAGE_EXTENSIONS = new Set([
  ...['.jpg', '.jpeg', '.jpe', '.png', '.tif', '.tiff', '.webp', '.avif', '.gif', '.heic', '.heif', '.hif'],
  ...['.cr2', '.cr3', '.crw', '.nef', '.nrw', '.arw', '.sr2', '.srf', '.dng', '.raf', '.orf', '.rw2', '.pef', '.srw', '.3fr', '.iiq', '.mrw', '.x3f'],
]);

/** RAW containers file-type does not know. */
function ownSignature(b: Uint8Array): string | null {
  const ascii = (from: number, n: number) => String.fromCharCode(...b.subarray(from, from + n));
  if (b.length >= 14 && (ascii(0, 2) === 'II' || ascii(0, 2) === 'MM') && ascii(6, 8) === 'HEAPCCDR') return 'crw';
  if (b.length >= 4 && b[0] === 0 && ascii(1, 3) === 'MRM') return 'mrw';
  if (b.length >= 4 && ascii(0, 4) === 'FOVb') return 'x3f';
  return null;
}

function isTiffHeader(b: Uint8Array): boolean {
  return b.length >= 4 && ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 42 && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 42));
}

function looksLikeXmp(b: Uint8Array): boolean {
  const s = Buffer.from(b.subarray(0, 512)).toString('latin1');
  return /<x:xmpmeta|<\?xpacket/.test(s);
}

/** No NULs and mostly printable in the first bytes: what a note, a CSV or a log looks like. */
function looksLikeText(b: Uint8Array): boolean {
  const n = Math.min(b.length, 4096);
  let printable = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c === 0) return false;
    if (c === 9 || c === 10 || c === 13 || (c >= 32 && c !== 127)) printable++;
  }
  return printable / n > 0.95;
}

/** The first bytes of a file too big to keep in memory. */
export async function readHead(file: string): Promise<Uint8Array> {
  const { open } = await import('node:fs/promises');
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
