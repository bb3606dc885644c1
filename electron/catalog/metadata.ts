// Reading capture metadata (EXIF, GPS, IPTC, XMP) from an original with exifr, keeping raw values
// and saying where each derived value came from.
import exifr from 'exifr';
import { xmlText } from './xmp-read';
import type { CaptureTime, FileDescriptive, Gps } from '../../shared/api';
import { readTagsAndEmbeddedImages, readTagsWithExifTool, type EmbeddedImage } from './exiftool';
import { interpretExifTool } from './metadata-exiftool';
import type { MediaKind } from './sniff';

export interface PhotoMetadata {
  capture: CaptureTime | null;
  make: string | null;
  model: string | null;
  lens: string | null;
  bodySerial: string | null;
  lensSerial: string | null;
  software: string | null;
  imageUniqueId: string | null;
  orientation: number | null;
  /** Pixel size the file's tags claim (used when no decoder can open the image, e.g. RAW). */
  taggedWidth: number | null;
  taggedHeight: number | null;
  gps: Gps | null;
  fromFile: FileDescriptive;
  /** Every tag exifr read, grouped by segment, binary values summarised: kept as JSON for reference. */
  dump: Record<string, unknown>;
}

type Block = Record<string, unknown>;

const EXIFR_OPTIONS = {
  tiff: true,
  ifd0: {},
  exif: true,
  gps: true,
  xmp: true,
  iptc: true,
  ifd1: false,
  interop: false,
  icc: false,
  makerNote: false,
  userComment: false,
  // Raw values: dates stay as written ("2008:10:22 16:28:39"), enums stay numbers.
  reviveValues: false,
  translateValues: false,
  mergeOutput: false,
  sanitize: true,
  silentErrors: true,
} as const;

export async function readMetadata(input: Buffer | string): Promise<PhotoMetadata> {
  return interpret((await readWithExifr(input)).parsed);
}

async function readWithExifr(input: Buffer | string): Promise<{ parsed: Block; failed: boolean }> {
  try {
    const parsed = (await exifr.parse(input, EXIFR_OPTIONS)) as Block | undefined;
    // With silentErrors, a block exifr could not parse comes back as an Error in its place.
    const failed = !!parsed && Object.values(parsed).some((v) => v instanceof Error);
    return { parsed: parsed ?? {}, failed };
  } catch {
    // exifr gave up on the whole file (e.g. an IPTC block it cannot parse): ExifTool reads it instead.
    return { parsed: {}, failed: true };
  }
}

export interface MediaMetadata extends PhotoMetadata {
  /** Seconds, for videos. */
  duration: number | null;
  /** Which reader(s) the values came from, e.g. "exifr", "exifr + ExifTool". */
  readers: string;
  /** Said to the user when no reader could read the file's metadata. */
  problem: string | null;
  /** A RAW's embedded JPEGs, largest first, from the same ExifTool read as its tags (RAW only). */
  embeddedImages?: EmbeddedImage[];
}

/** Formats whose metadata exifr does not read fully: ExifTool reads them. */
const EXIFTOOL_FORMATS = new Set(['webp', 'avif', 'gif', 'png']);

/**
 * exifr is the fast path (no process, reads the bytes already in memory). ExifTool is asked when the
 * format is one exifr does not read, when exifr failed on a block, or when it found no capture
 * time, make or model (those may sit in maker notes or APP segments only ExifTool reads); what
 * exifr read is kept and ExifTool fills the gaps, so one bad block never drops the other fields.
 */
export async function readMediaMetadata(input: Buffer | string, file: string, kind: MediaKind, format: string): Promise<MediaMetadata> {
  const onlyExifTool = kind === 'raw' || kind === 'heif' || kind === 'video';
  let fast: PhotoMetadata | null = null;
  if (!onlyExifTool) {
    const { parsed, failed } = await readWithExifr(input);
    fast = interpret(parsed);
    const complete = fast.capture !== null && fast.make !== null && fast.model !== null;
    if (complete && !failed && !EXIFTOOL_FORMATS.has(format)) return { ...fast, duration: null, readers: 'exifr', problem: null };
  }
  let slow: (PhotoMetadata & { duration: number | null }) | null = null;
  let problem: string | null = null;
  let embeddedImages: EmbeddedImage[] | undefined;
  try {
    // A RAW's previews come in the same read as its tags: one ExifTool task per RAW file.
    let tags;
    if (kind === 'raw') ({ tags, images: embeddedImages } = await readTagsAndEmbeddedImages(file));
    else tags = await readTagsWithExifTool(file);
    slow = interpretExifTool(tags, { video: kind === 'video' });
    slow.dump = summariseForDump(slow.dump) as Record<string, unknown>;
  } catch (err) {
    problem = `ExifTool could not read the metadata (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
  }
  if (!fast) return slow ? { ...slow, readers: 'ExifTool', problem, embeddedImages } : { ...emptyMetadata(), duration: null, readers: 'none', problem };
  if (!slow) return { ...fast, duration: null, readers: 'exifr', problem };
  return { ...mergeMetadata(fast, slow), duration: slow.duration, readers: 'exifr + ExifTool', problem: null };
}

function emptyMetadata(): PhotoMetadata {
  return interpret({});
}

/** What the first reader found wins; the second fills what it did not. */
function mergeMetadata(a: PhotoMetadata, b: PhotoMetadata): PhotoMetadata {
  return {
    capture: a.capture ?? b.capture,
    make: a.make ?? b.make,
    model: a.model ?? b.model,
    lens: a.lens ?? b.lens,
    bodySerial: a.bodySerial ?? b.bodySerial,
    lensSerial: a.lensSerial ?? b.lensSerial,
    software: a.software ?? b.software,
    imageUniqueId: a.imageUniqueId ?? b.imageUniqueId,
    orientation: a.orientation ?? b.orientation,
    taggedWidth: a.taggedWidth ?? b.taggedWidth,
    taggedHeight: a.taggedHeight ?? b.taggedHeight,
    gps: a.gps ?? b.gps,
    fromFile: {
      title: a.fromFile.title ?? b.fromFile.title,
      caption: a.fromFile.caption ?? b.fromFile.caption,
      creator: a.fromFile.creator ?? b.fromFile.creator,
      credit: a.fromFile.credit ?? b.fromFile.credit,
      copyright: a.fromFile.copyright ?? b.fromFile.copyright,
      keywords: a.fromFile.keywords.length > 0 ? a.fromFile.keywords : b.fromFile.keywords,
    },
    dump: { ...a.dump, ...b.dump },
  };
}

function block(all: Block, key: string): Block {
  const b = all[key];
  return b && typeof b === 'object' && !Array.isArray(b) ? (b as Block) : {};
}

/**
 * An XMP block whose values read decoded as XML text (exifr keeps them escaped); EXIF and IPTC
 * blocks are binary, not XML. Decoded when read, so only the few fields shown pay for it, not
 * every tag of a hostile packet.
 */
function xmpBlock(all: Block, key: string): Block {
  return new Proxy(block(all, key), { get: (b, k) => (typeof k === 'string' ? decodeXmp(b[k]) : undefined) });
}

function decodeXmp(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return xmlText(v);
  if (depth > 8 || !v || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((e) => decodeXmp(e, depth + 1));
  return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, decodeXmp(e, depth + 1)]));
}

export function interpret(all: Block): PhotoMetadata {
  const ifd0 = block(all, 'ifd0');
  const exif = block(all, 'exif');
  const gps = block(all, 'gps');
  const iptc = block(all, 'iptc');
  const dc = xmpBlock(all, 'dc');
  const photoshop = xmpBlock(all, 'photoshop');
  const xmpBasic = xmpBlock(all, 'xmp');
  const xap = xmpBlock(all, 'xap');
  const aux = xmpBlock(all, 'aux');
  const xmpTiff = xmpBlock(all, 'tiff');

  const make = text(ifd0.Make) ?? text(xmpTiff.Make);
  const model = text(ifd0.Model) ?? text(xmpTiff.Model);

  return {
    capture: captureTime(ifd0, exif, photoshop, xmpBasic, xap),
    make,
    model,
    lens: text(exif.LensModel) ?? text(aux.Lens),
    bodySerial: text(exif.BodySerialNumber) ?? text(aux.SerialNumber),
    lensSerial: text(exif.LensSerialNumber) ?? text(aux.LensSerialNumber),
    software: text(ifd0.Software),
    imageUniqueId: text(exif.ImageUniqueID),
    orientation: integer(ifd0.Orientation),
    taggedWidth: integer(exif.ExifImageWidth) ?? integer(ifd0.ImageWidth),
    taggedHeight: integer(exif.ExifImageHeight) ?? integer(ifd0.ImageHeight) ?? integer(ifd0.ImageLength),
    gps: gpsFix(gps),
    fromFile: {
      title: langAlt(dc.title) ?? text(iptc.ObjectName),
      caption: langAlt(dc.description) ?? text(iptc.Caption) ?? text(ifd0.ImageDescription),
      creator: list(dc.creator).join('; ') || text(iptc.Byline),
      credit: text(photoshop.Credit) ?? text(iptc.Credit),
      copyright: langAlt(dc.rights) ?? text(iptc.CopyrightNotice) ?? text(ifd0.Copyright),
      keywords: unique([...list(dc.subject), ...list(iptc.Keywords)]),
    },
    dump: summariseForDump(all) as Record<string, unknown>,
  };
}

/**
 * Longest text the catalogue keeps from one field of a file. A caption can legitimately run to a few
 * thousand characters; a 10 MB one is hostile (or broken) and would bloat every list, search and
 * export. The file itself is untouched, so the full value stays in the evidence.
 */
export const TEXT_LIMIT = 64 * 1024;

/** Trimmed text, or null for absent/blank values. EXIF ASCII ends at the first NUL (as exiftool reads it);
 * cameras pad with spaces and leave bytes after it. Longer than TEXT_LIMIT: cut, with a marker saying so. */
export function text(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return null;
  const nul = v.indexOf('\u0000');
  const t = (nul >= 0 ? v.slice(0, nul) : v).trim();
  if (t.length > TEXT_LIMIT) return `${cut(t, TEXT_LIMIT)} […cut by the archive: the file holds ${t.length.toLocaleString('en')} characters]`;
  return t.length > 0 ? t : null;
}

/** The first `n` UTF-16 units, never splitting a surrogate pair (an emoji cut in half is not text). */
function cut(s: string, n: number): string {
  const code = s.charCodeAt(n - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}

function integer(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}

function finite(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** XMP language alternatives arrive as {lang, value}, a list of those, or a plain string. */
function langAlt(v: unknown): string | null {
  if (Array.isArray(v)) {
    const entries = v.filter((e): e is Block => !!e && typeof e === 'object');
    const preferred = entries.find((e) => e.lang === 'x-default') ?? entries[0];
    return preferred ? text(preferred.value) : text(v[0]);
  }
  if (v && typeof v === 'object') return text((v as Block).value);
  return text(v);
}

function list(v: unknown): string[] {
  const items = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return items.map((i) => text(i)).filter((s): s is string => s !== null);
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

const EXIF_DATE = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const XMP_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?$/;

function captureTime(ifd0: Block, exif: Block, photoshop: Block, xmpBasic: Block, xap: Block): CaptureTime | null {
  const candidates: Array<[unknown, unknown, unknown, string]> = [
    [exif.DateTimeOriginal, exif.SubSecTimeOriginal, exif.OffsetTimeOriginal, 'EXIF DateTimeOriginal'],
    [exif.CreateDate, exif.SubSecTimeDigitized, exif.OffsetTimeDigitized, 'EXIF CreateDate (digitized)'],
  ];
  for (const [raw, subSec, offset, source] of candidates) {
    const r = text(raw);
    if (r && isRealExifDate(r)) return fromExif(r, text(subSec), validOffset(text(offset)), source);
  }
  for (const [raw, source] of [
    [photoshop.DateCreated, 'XMP photoshop:DateCreated'],
    [xmpBasic.CreateDate ?? xap.CreateDate, 'XMP xmp:CreateDate'],
  ] as const) {
    const r = text(raw);
    const m = r ? XMP_DATE.exec(r) : null;
    if (r && m) {
      const offset = m[8] === 'Z' ? '+00:00' : (m[8] ?? null);
      const local = `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}`;
      return { raw: r, subSec: m[7] ?? null, offset, source, utc: offset ? toUtc(local, m[7] ?? null, offset) : null };
    }
  }
  const modify = text(ifd0.ModifyDate);
  if (modify && isRealExifDate(modify)) {
    return fromExif(modify, text(exif.SubSecTime), validOffset(text(exif.OffsetTime)), 'EXIF ModifyDate (last change, no capture time in file)');
  }
  return null;
}

function isRealExifDate(s: string): boolean {
  const m = EXIF_DATE.exec(s);
  return !!m && m[1] !== '0000' && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[3]) >= 1 && Number(m[3]) <= 31;
}

function validOffset(o: string | null): string | null {
  return o && /^[+-]\d{2}:\d{2}$/.test(o) ? o : null;
}

function fromExif(raw: string, subSec: string | null, offset: string | null, source: string): CaptureTime {
  const cleanSubSec = subSec && /^\d+$/.test(subSec) ? subSec : null;
  return { raw, subSec: cleanSubSec, offset, source, utc: offset ? toUtc(exifToIsoLocal(raw), cleanSubSec, offset) : null };
}

/** "2008:10:22 16:28:39" -> "2008-10-22T16:28:39" (no zone: the camera's local clock). */
export function exifToIsoLocal(raw: string): string {
  return raw.replace(EXIF_DATE, '$1-$2-$3T$4:$5:$6');
}

function toUtc(localIso: string, subSec: string | null, offset: string): string | null {
  const ms = Date.parse(`${localIso}${subSec ? `.${subSec.slice(0, 3).padEnd(3, '0')}` : ''}${offset}`);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** Sort key: local capture time (ISO-like), sub-seconds appended so bursts keep their order. */
export function captureSortKey(c: CaptureTime | null): string | null {
  if (!c) return null;
  const local = EXIF_DATE.test(c.raw) ? exifToIsoLocal(c.raw) : c.raw.slice(0, 19);
  return c.subSec ? `${local}.${c.subSec}` : local;
}

function gpsFix(gps: Block): Gps | null {
  const lat = finite(gps.latitude);
  const lon = finite(gps.longitude);
  if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  let alt = finite(gps.GPSAltitude);
  const altRef = gps.GPSAltitudeRef instanceof Uint8Array ? gps.GPSAltitudeRef[0] : gps.GPSAltitudeRef;
  if (alt !== null && altRef === 1) alt = -alt;
  return { lat, lon, alt, time: gpsTime(gps), direction: finite(gps.GPSImgDirection) };
}

function gpsTime(gps: Block): string | null {
  const date = text(gps.GPSDateStamp);
  const t = gps.GPSTimeStamp;
  if (!date || !/^\d{4}:\d{2}:\d{2}$/.test(date) || !Array.isArray(t) || t.length !== 3) return null;
  const [h, m, s] = t.map(Number);
  if (![h, m, s].every((n) => n !== undefined && Number.isFinite(n))) return null;
  const whole = Math.floor(s!);
  const frac = Math.round((s! - whole) * 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${date.replaceAll(':', '-')}T${pad(h!)}:${pad(m!)}:${pad(whole)}${frac ? `.${pad(frac, 3)}` : ''}Z`;
}

/** Per-value and overall limits of the stored tag dump (see summariseForDump). */
export const DUMP_LIMITS = { string: 4096, array: 256, total: 256 * 1024 } as const;

/**
 * Binary values (thumbnails, maker data) become a short marker so the dump stays small and JSON-safe.
 * Hostile files can hold megabytes of text or tens of thousands of tags, so long strings and arrays
 * are cut with a marker and the whole dump stops growing at about DUMP_LIMITS.total characters
 * (the fields the catalogue uses are read before this, and the file keeps everything).
 */
export function summariseForDump(all: unknown): unknown {
  let budget: number = DUMP_LIMITS.total;
  const walk = (v: unknown): unknown => {
    if (v instanceof Uint8Array) {
      budget -= 24;
      return v.length <= 16 ? Array.from(v) : `<binary, ${v.length} bytes>`;
    }
    // exifr reports segments it could not parse as Error objects, which JSON would turn into {}.
    if (v instanceof Error) return walk(`<error: ${v.message}>`);
    if (Array.isArray(v)) {
      const kept: unknown[] = [];
      for (const x of v.slice(0, DUMP_LIMITS.array)) {
        if (budget <= 0) break;
        kept.push(walk(x));
      }
      if (kept.length < v.length) kept.push(`<${v.length - kept.length} more values not kept>`);
      return kept;
    }
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      const entries = Object.entries(v).filter(([, x]) => x !== undefined);
      let i = 0;
      for (; i < entries.length && budget > 0; i++) {
        const [k, x] = entries[i]!;
        budget -= k.length + 4;
        out[k] = walk(x);
      }
      if (i < entries.length) out['…'] = `<${entries.length - i} more tags not kept: the tag dump is limited to ${DUMP_LIMITS.total / 1024} KB>`;
      return out;
    }
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    if (typeof v === 'string') {
      const s = v.length > DUMP_LIMITS.string ? `${cut(v, DUMP_LIMITS.string)}<…${v.length.toLocaleString('en')} characters in all>` : v;
      budget -= s.length + 2;
      return s;
    }
    budget -= 8;
    return v;
  };
  return walk(all);
}

/** "Canon Canon EOS 40D" reads badly: the model alone when it already names the make. */
export function cameraName(make: string | null, model: string | null): string | null {
  const mk = make?.trim() || '';
  const md = model?.trim() || '';
  if (!mk) return md || null;
  if (!md) return mk;
  return md.toLowerCase().startsWith(mk.toLowerCase().split(/\s+/)[0]!) ? md : `${mk} ${md}`;
}
