// Capture metadata as ExifTool reads it (`exiftool -json -n`: unqualified tag names, ExifTool's own
// priority between blocks, signed composite GPS). Used where exifr cannot read a format (RAW, HEIC,
// WebP, AVIF, video) and to fill what exifr missed (maker-note dates, a block exifr gave up on).
import type { CaptureTime, Gps } from '../../shared/api';
import type { ExifToolTags } from './exiftool';
import { text, type PhotoMetadata } from './metadata';

const DATE = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/;

export interface ExifToolExtras {
  /** Video length in seconds. */
  duration: number | null;
}

export function interpretExifTool(tags: ExifToolTags, opts: { video: boolean }): PhotoMetadata & ExifToolExtras {
  const size = imageSize(tags);
  return {
    capture: captureTime(tags, opts.video),
    make: text(tags.Make),
    model: text(tags.Model),
    lens: text(tags.LensModel) ?? text(tags.Lens),
    bodySerial: text(tags.SerialNumber) ?? text(tags.InternalSerialNumber),
    lensSerial: text(tags.LensSerialNumber),
    software: text(tags.Software),
    imageUniqueId: text(tags.ImageUniqueID),
    orientation: orientation(tags.Orientation),
    taggedWidth: size?.[0] ?? null,
    taggedHeight: size?.[1] ?? null,
    gps: gps(tags),
    fromFile: {
      title: text(tags.Title) ?? text(tags.ObjectName),
      caption: text(tags.Description) ?? text(tags['Caption-Abstract']) ?? text(tags.ImageDescription),
      creator: list(tags.Creator).join('; ') || text(tags['By-line']) || text(tags.Artist),
      credit: text(tags.Credit),
      copyright: text(tags.Rights) ?? text(tags.CopyrightNotice) ?? text(tags.Copyright),
      keywords: [...new Set([...list(tags.Subject), ...list(tags.Keywords)])],
    },
    dump: { exiftool: withoutFileSystemTags(tags) },
    duration: typeof tags.Duration === 'number' && Number.isFinite(tags.Duration) ? tags.Duration : null,
  };
}

/** Full image size as ExifTool's composite ImageSize reports it ("W H"), not a thumbnail's. */
function imageSize(tags: ExifToolTags): [number, number] | null {
  const s = tags.ImageSize;
  const m = typeof s === 'string' ? /^(\d+)[ x](\d+)$/.exec(s) : null;
  if (m) return [Number(m[1]), Number(m[2])];
  const w = tags.ImageWidth;
  const h = tags.ImageHeight;
  return typeof w === 'number' && typeof h === 'number' && w > 0 && h > 0 ? [w, h] : null;
}

function orientation(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 8 ? v : null;
}

function captureTime(tags: ExifToolTags, video: boolean): CaptureTime | null {
  const candidates: Array<[string, string | null, string | null, string]> = video
    ? [
        ['CreationDate', null, null, 'QuickTime CreationDate (read by ExifTool)'],
        ['DateTimeOriginal', 'SubSecTimeOriginal', 'OffsetTimeOriginal', 'DateTimeOriginal (read by ExifTool)'],
        ['CreateDate', null, null, 'QuickTime CreateDate (UTC by the QuickTime standard; read by ExifTool)'],
      ]
    : [
        ['DateTimeOriginal', 'SubSecTimeOriginal', 'OffsetTimeOriginal', 'DateTimeOriginal (read by ExifTool)'],
        ['CreateDate', 'SubSecTimeDigitized', 'OffsetTimeDigitized', 'CreateDate (digitized; read by ExifTool)'],
        ['DateCreated', null, null, 'DateCreated (read by ExifTool)'],
        ['ModifyDate', 'SubSecTime', 'OffsetTime', 'ModifyDate (last change, no capture time in file; read by ExifTool)'],
      ];
  for (const [tag, subTag, offsetTag, source] of candidates) {
    const raw = text(tags[tag]);
    const m = raw ? DATE.exec(raw) : null;
    if (!raw || !m || m[1] === '0000' || Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[3]) < 1) continue;
    const local = `${m[1]}:${m[2]}:${m[3]} ${m[4]}:${m[5]}:${m[6]}`;
    const subSec = m[7] ?? digits(subTag ? tags[subTag] : null);
    let offset = m[8] === 'Z' ? '+00:00' : (m[8] ?? offsetOf(offsetTag ? tags[offsetTag] : null));
    // QuickTime CreateDate is UTC by definition (when the camera set its clock right).
    if (video && tag === 'CreateDate' && !offset) offset = '+00:00';
    const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
    const ms = offset ? Date.parse(`${iso}${subSec ? `.${subSec.slice(0, 3).padEnd(3, '0')}` : ''}${offset}`) : NaN;
    return { raw: local, subSec, offset, source, utc: Number.isFinite(ms) ? new Date(ms).toISOString() : null };
  }
  return null;
}

function digits(v: unknown): string | null {
  const s = text(v);
  return s && /^\d+$/.test(s) ? s : null;
}

function offsetOf(v: unknown): string | null {
  const s = text(v);
  return s && /^[+-]\d{2}:\d{2}$/.test(s) ? s : null;
}

function gps(tags: ExifToolTags): Gps | null {
  const lat = tags.GPSLatitude;
  const lon = tags.GPSLongitude;
  if (typeof lat !== 'number' || typeof lon !== 'number' || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  const alt = typeof tags.GPSAltitude === 'number' ? tags.GPSAltitude : null;
  const dir = typeof tags.GPSImgDirection === 'number' ? tags.GPSImgDirection : null;
  return { lat, lon, alt, time: gpsTime(tags.GPSDateTime), direction: dir };
}

/** "2008:10:23 14:27:07.24Z" -> "2008-10-23T14:27:07.240Z". */
function gpsTime(v: unknown): string | null {
  const s = text(v);
  const m = s ? /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$/.exec(s) : null;
  if (!m) return null;
  const frac = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${frac ? `.${String(frac).padStart(3, '0')}` : ''}Z`;
}

function list(v: unknown): string[] {
  const items = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return items.map((i) => text(i)).filter((s): s is string => s !== null);
}

/** File-system facts (path, dates of the copy, permissions) describe this machine, not the photo. */
function withoutFileSystemTags(tags: ExifToolTags): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const skip = new Set(['SourceFile', 'Directory', 'FileName', 'FileModifyDate', 'FileAccessDate', 'FileInodeChangeDate', 'FilePermissions', 'errors', 'warnings']);
  for (const [k, v] of Object.entries(tags)) if (!skip.has(k)) out[k] = v;
  return out;
}
