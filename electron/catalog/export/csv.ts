// Export format "csv": one spreadsheet with a row per photo followed by a row per region of that
// photo; the first column, `row`, says which. Region rows repeat the photo's id, file name and hash
// so they can be filtered and sorted on their own.
//
// - RFC 4180: fields separated by commas, rows ended by CRLF, a field that holds a comma, quote,
//   CR or LF is quoted with its quotes doubled. UTF-8, with a byte-order mark when asked (on by
//   default) because spreadsheet programs otherwise guess a legacy encoding and garble Cyrillic.
// - Formula injection: a text cell that starts with =, +, -, @, tab or CR would be run as a
//   formula by Excel, LibreOffice or Google Sheets. Such cells get one leading apostrophe (the
//   spreadsheet convention for "this is text", which they hide), as OWASP recommends; a reader
//   wanting the exact value strips a leading apostrophe from a cell of a text column that starts
//   with one of those characters after it. Numbers (ids, coordinates, severity) are written from
//   numbers, unguarded, so "-33.5" stays a number.
// - Geometry is normalized (0..1) to the displayed image (after EXIF orientation): x, y, w, h are
//   the region's bounding box; `points` lists a polygon's vertices as "x y" pairs joined by "; ".
// - List cells (tags, damage_types, damage_labels) join their items with "; "; inside an item a
//   ";" is written "\;" and a backslash "\\", so a tag such as "Kharkiv; centre" stays one item:
//   split on a ";" not preceded by a backslash, then drop the backslashes that escape a character.
import fs from 'node:fs/promises';
import type { ExportPhoto, ExportRegion, ExportSet } from './collect';
import { Attribution, type FileField, boundsOf, cameraOf, effectiveField, forEachPhoto, localCaptureTime, num, positionOf, severityLabel } from './annotation-data';
import type { ExportWriter } from './writer';

/** Items joined by "; ", each with ";" and "\\" escaped by a backslash; null for none. */
export function listCell(items: string[]): string | null {
  return items.map((i) => i.replaceAll('\\', '\\\\').replaceAll(';', '\\;')).join('; ') || null;
}

/** A value that is a number in the spreadsheet (not guarded, never quoted). */
class Num {
  constructor(readonly text: string) {}
}
type Cell = string | Num | null;

export const COLUMNS = [
  'row', 'photo_id', 'file_name', 'sha256',
  'taken_at', 'taken_at_utc', 'camera_taken_at', 'clock_offset_s', 'camera', 'lat', 'lon', 'position_source',
  'title', 'caption', 'creator', 'credit', 'copyright',
  'sublocation', 'city', 'province_state', 'country', 'country_code', 'event', 'source', 'provenance',
  'tags',
  'region_id', 'class', 'class_label', 'damage_types', 'damage_labels', 'severity', 'severity_label', 'confidence', 'note',
  'shape', 'x', 'y', 'w', 'h', 'points', 'region_created_by', 'region_created_at',
] as const;
type Column = (typeof COLUMNS)[number];
type Row = Partial<Record<Column, Cell>>;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One field as RFC 4180 text; text that a spreadsheet would run as a formula is made inert first. */
export function csvField(c: Cell | undefined): string {
  if (c === null || c === undefined) return '';
  if (c instanceof Num) return c.text;
  const text = FORMULA_START.test(c) ? `'${c}` : c;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const n = (v: number | null | undefined, digits = 6): Num | null => (v === null || v === undefined ? null : new Num(num(v, digits)));

function photoRow(p: ExportPhoto): Row {
  const pos = positionOf(p);
  const field = (f: FileField) => effectiveField(p, f)?.value ?? null;
  return {
    row: 'photo',
    photo_id: n(p.photo.id),
    file_name: p.photo.fileName,
    sha256: p.photo.sha256,
    taken_at: localCaptureTime(p),
    taken_at_utc: p.photo.capture?.utc ?? null,
    // Set only when the camera clock was corrected: taken_at is then the corrected time, this what the camera said.
    camera_taken_at: p.photo.clock ? p.photo.clock.cameraLocal.replace('T', ' ') : null,
    // Seconds, a number: a text like +01:03:00 would be taken for a formula and guarded.
    clock_offset_s: p.photo.clock ? n(p.photo.clock.offsetSeconds, 0) : null,
    camera: cameraOf(p),
    lat: n(pos?.lat, 7),
    lon: n(pos?.lon, 7),
    position_source: pos ? (pos.source === 'user' ? 'user-supplied' : 'EXIF GPS') : null,
    title: field('title'),
    caption: field('caption'),
    creator: field('creator'),
    credit: field('credit'),
    copyright: field('copyright'),
    sublocation: p.meta.sublocation ?? null,
    city: p.meta.city ?? null,
    province_state: p.meta.region ?? null,
    country: p.meta.country ?? null,
    country_code: p.meta.countryCode ?? null,
    event: p.meta.event ?? null,
    source: p.meta.source ?? null,
    provenance: p.meta.provenance ?? null,
    tags: listCell(p.tags.map((t) => t.label)),
  };
}

function regionRow(p: ExportPhoto, r: ExportRegion, who: Attribution): Row {
  const b = boundsOf(r.geometry);
  return {
    row: 'region',
    photo_id: n(p.photo.id),
    file_name: p.photo.fileName,
    sha256: p.photo.sha256,
    region_id: n(r.id),
    class: r.class?.key ?? null,
    class_label: r.class?.label ?? null,
    damage_types: listCell(r.damage.map((d) => d.key)),
    damage_labels: listCell(r.damage.map((d) => d.label)),
    severity: typeof r.severity === 'number' ? n(r.severity) : null,
    severity_label: severityLabel(r.severity),
    confidence: r.confidence,
    note: r.note || null,
    shape: r.geometry.type === 'rect' ? 'rectangle' : 'polygon',
    x: n(b.x),
    y: n(b.y),
    w: n(b.w),
    h: n(b.h),
    points: r.geometry.type === 'polygon' ? r.geometry.points.map(([x, y]) => `${num(x, 6)} ${num(y, 6)}`).join('; ') : null,
    region_created_by: who.regionCreator(r),
    region_created_at: r.createdAt,
  };
}

const line = (cells: Array<Cell | undefined>) => `${cells.map(csvField).join(',')}\r\n`;

/** The photo's row and then one row per region, as CSV text. */
function photoLines(p: ExportPhoto, who: Attribution): string {
  return [photoRow(p), ...p.regions.map((r) => regionRow(p, r, who))].map((row) => line(COLUMNS.map((c) => row[c]))).join('');
}

export function buildCsv(set: ExportSet, opts: { bom: boolean }): string {
  const who = new Attribution(set.history);
  return (opts.bom ? '\uFEFF' : '') + line([...COLUMNS]) + set.photos.map((p) => photoLines(p, who)).join('');
}

export const write: ExportWriter = async (set, target, ctx) => {
  const who = new Attribution(set.history);
  const chunks = [(ctx.options.bom ? '\uFEFF' : '') + line([...COLUMNS])];
  await forEachPhoto(set, ctx, (p) => {
    chunks.push(photoLines(p, who));
  });
  await fs.writeFile(target, chunks.join(''), { encoding: 'utf8', flag: 'wx' });
};
