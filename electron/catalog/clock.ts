// Camera clock correction: a camera whose clock was wrong (never set, left on home time, reset by a
// flat battery) is corrected by an offset in seconds, kept per photo and cumulative relative to the
// time the file states. The file's own time (photos.taken_at and its sub-seconds, offset and UTC
// instant) is never changed; photos.taken_sort holds the corrected local time, so the grid order, the
// search index's day, the timeline and export order follow the correction. Applying, undoing and
// redoing a correction are change sets of the Editor ('photo.clock'), one step for a whole selection.
import type { CaptureTime, ClockCorrection, ClockPlan, ClockShift, PhotoDetail } from '../../shared/api';
import type { Db } from './db';
import type { Change } from './edits';
import { InvalidRequestError, NotFoundError } from './errors';
import { captureSortKey } from './metadata';

/** A photo's correction as stored and as a change set records it (null: none). */
export interface ClockState {
  offsetSeconds: number;
  by: string;
  at: string;
}

/** The largest correction accepted: a camera reset to its factory date is decades out, not centuries. */
export const MAX_CLOCK_OFFSET_S = 200 * 366 * 86_400;
const PREVIEW_ROWS = 5;
const LISTED_WITHOUT_TIME = 50;

// Seconds may be missing in an XMP date ("2024-03-05T14:22"); a date without a time is not shifted.
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/;

/** "2008-10-22T16:28:39(.5)" read as if it were UTC, in ms (the fraction kept apart, as text). */
function parseLocal(local: string): { ms: number; fraction: string } | null {
  const m = LOCAL.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  return { ms: date.getTime(), fraction: m[7] ?? '' };
}

function formatLocal(ms: number, fraction = ''): string | null {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  if (!Number.isFinite(ms) || y < 1 || y > 9999) return null;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${String(y).padStart(4, '0')}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}${fraction}`;
}

/** A local wall-clock time moved by whole seconds; the sub-second part is kept as written. Null when out of range. */
export function shiftLocal(local: string, seconds: number): string | null {
  const t = parseLocal(local);
  return t ? formatLocal(t.ms + seconds * 1000, t.fraction) : null;
}

/** "+1 h 03 min", "-2 d 4 h", "+45 s": the readable form of an offset in seconds. */
export function formatClockOffset(seconds: number): string {
  const sign = seconds < 0 ? '-' : '+';
  let rest = Math.abs(seconds);
  const parts: Array<[number, string]> = [];
  for (const [size, unit] of [[86_400, 'd'], [3600, 'h'], [60, 'min'], [1, 's']] as const) {
    parts.push([Math.floor(rest / size), unit]);
    rest %= size;
  }
  const first = parts.findIndex(([n]) => n !== 0);
  if (first < 0) return '0 s';
  let last = parts.length - 1;
  while (parts[last]![0] === 0) last--;
  const shown = parts.slice(first, last + 1).map(([n, unit], i) => `${i > 0 && (unit === 'min' || unit === 's') ? String(n).padStart(2, '0') : n} ${unit}`);
  return `${sign}${shown.join(' ')}`;
}

/** "+01:03:00" (or "+1d 02:00:00"): the offset as XMP and CSV write it, hours:minutes:seconds. */
export function clockOffsetText(seconds: number): string {
  const a = Math.abs(seconds);
  const days = Math.floor(a / 86_400);
  const p = (n: number) => String(n).padStart(2, '0');
  const hms = `${p(Math.floor((a % 86_400) / 3600))}:${p(Math.floor((a % 3600) / 60))}:${p(a % 60)}`;
  return `${seconds < 0 ? '-' : '+'}${days ? `${days}d ` : ''}${hms}`;
}

/**
 * A duration as typed on the command line: "+01:03:00", "-00:30", "+1d 02:00:00", "-2d", "+1h3m",
 * "90s", "-1d 2h 30m 10s". A missing sign means forward. Throws InvalidRequestError saying what is accepted.
 */
export function parseClockOffset(text: string): number {
  const s = text.trim();
  const bad = () =>
    new InvalidRequestError(`"${text}" is not a duration. Write it as +HH:MM[:SS] (e.g. +01:03:00), with days as +2d 01:00:00, or as +1h3m, -2d, 90s.`);
  const m = /^([+-])?\s*(.*)$/.exec(s);
  const sign = m?.[1] === '-' ? -1 : 1;
  const body = m?.[2] ?? '';
  let seconds: number;
  const clock = /^(?:(\d+)\s*d\s*)?(\d+):(\d{2})(?::(\d{2}))?$/.exec(body);
  const units = /^(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?$/.exec(body);
  if (clock) {
    const [d, h, mi, sec] = [clock[1], clock[2], clock[3], clock[4]].map((v) => Number(v ?? 0)) as [number, number, number, number];
    if (mi > 59 || sec > 59) throw bad();
    seconds = d * 86_400 + h * 3600 + mi * 60 + sec;
  } else if (units && body !== '' && units.slice(1).some((v) => v !== undefined)) {
    const [d, h, mi, sec] = units.slice(1, 5).map((v) => Number(v ?? 0)) as [number, number, number, number];
    seconds = d * 86_400 + h * 3600 + mi * 60 + sec;
  } else throw bad();
  if (seconds > MAX_CLOCK_OFFSET_S) throw new InvalidRequestError(`${text} is more than 200 years: no camera clock is that far out.`);
  return sign * seconds;
}

interface ClockRow {
  id: number;
  file_name: string;
  taken_at: string | null;
  taken_at_subsec: string | null;
  taken_at_utc: string | null;
  clock_offset_s: number | null;
  clock_set_by: string | null;
  clock_set_at: string | null;
}

const CLOCK_COLUMNS = 'id, file_name, taken_at, taken_at_subsec, taken_at_utc, clock_offset_s, clock_set_by, clock_set_at';

/** The local time the camera stated, as a sortable ISO-like key; null when the file gives none usable. */
function cameraLocal(r: Pick<ClockRow, 'taken_at' | 'taken_at_subsec'>): string | null {
  if (!r.taken_at) return null;
  const key = captureSortKey({ raw: r.taken_at, subSec: r.taken_at_subsec, offset: null, source: '', utc: null });
  return key && parseLocal(key) ? key : null;
}

function stateOf(r: ClockRow): ClockState | null {
  return r.clock_offset_s ? { offsetSeconds: r.clock_offset_s, by: r.clock_set_by ?? '', at: r.clock_set_at ?? '' } : null;
}

/** Writes a photo's correction and the corrected sort key (change sets, undo and redo come here). */
export function writeClock(db: Db, photoId: number, state: ClockState | null): void {
  const r = db.prepare(`SELECT ${CLOCK_COLUMNS} FROM photos WHERE id = ?`).get(photoId) as ClockRow | undefined;
  if (!r) throw new NotFoundError(`No photo with id ${photoId} in this archive.`);
  const camera = cameraLocal(r);
  const offset = state?.offsetSeconds ?? 0;
  // A photo without a usable capture time is never given one (planClockShift leaves it out).
  if (!camera) {
    if (offset) throw new InvalidRequestError(`${r.file_name} has no capture time to correct.`);
    return;
  }
  const sort = offset ? shiftLocal(camera, offset) : camera;
  if (sort === null) throw new InvalidRequestError(`${r.file_name}: the corrected time would fall outside years 1-9999.`);
  db.prepare('UPDATE photos SET clock_offset_s = ?, clock_set_by = ?, clock_set_at = ?, taken_sort = ? WHERE id = ?').run(
    offset || null,
    offset ? state!.by : null,
    offset ? state!.at : null,
    sort,
    photoId,
  );
}

function utcShift(utc: string | null, seconds: number): string | null {
  if (!utc) return null;
  const ms = Date.parse(utc);
  return Number.isFinite(ms) ? new Date(ms + seconds * 1000).toISOString() : null;
}

/** A photo row's correction as the API shows it (null: none). */
/** The columns clockOf reads (optional: rows typed before migration 0018 may lack them). */
type ClockColumns = Pick<ClockRow, 'taken_at' | 'taken_at_subsec' | 'taken_at_utc'> & Partial<Pick<ClockRow, 'clock_offset_s' | 'clock_set_by' | 'clock_set_at'>>;

export function clockOf(r: ClockColumns): ClockCorrection | null {
  const camera = cameraLocal(r);
  if (!r.clock_offset_s || !camera) return null;
  return {
    offsetSeconds: r.clock_offset_s,
    offsetText: formatClockOffset(r.clock_offset_s),
    setBy: r.clock_set_by ?? '',
    setAt: r.clock_set_at ?? '',
    cameraLocal: camera,
    local: shiftLocal(camera, r.clock_offset_s) ?? camera,
    utc: utcShift(r.taken_at_utc, r.clock_offset_s),
  };
}

/** The corrected UTC instant the file's offset gives (the file's own when there is no correction). */
export function correctedUtc(r: Pick<ClockColumns, 'taken_at_utc' | 'clock_offset_s'>): string | null {
  return r.clock_offset_s ? utcShift(r.taken_at_utc, r.clock_offset_s) : r.taken_at_utc;
}

/**
 * What exports write: the capture time corrected, in the form the file wrote it ("2008:10:22
 * 16:28:39" stays EXIF-style, XMP dates stay ISO with their offset), and the UTC instant moved
 * alike. What the camera said stays in photo.clock (cameraLocal) for the formats that carry it.
 */
export function correctedForExport(photo: PhotoDetail): PhotoDetail {
  const c = photo.capture;
  const k = photo.clock;
  if (!c || !k) return photo;
  const local = k.local.slice(0, 19);
  const raw = /^\d{4}:\d{2}:\d{2} \d{2}:\d{2}:\d{2}$/.test(c.raw)
    ? `${local.slice(0, 10).replaceAll('-', ':')} ${local.slice(11)}`
    : `${local}${/(Z|[+-]\d{2}:\d{2})$/.exec(c.raw)?.[0] ?? ''}`;
  const capture: CaptureTime = { ...c, raw, utc: k.utc };
  return { ...photo, capture, takenAt: raw };
}

export type ClockShiftSpec = ClockShift;

/**
 * What a shift of these photos would do, and its change set. `by`: every photo moves by the same
 * duration. `photoId` + `trueTime`: that photo's (corrected) time becomes trueTime, and every other
 * photo moves by the same amount. Photos without a capture time are listed and left alone.
 */
export function planClockShift(db: Db, photoIds: number[], shift: ClockShiftSpec, actor: string): { plan: ClockPlan; changes: Change[] } {
  const rows: ClockRow[] = [];
  const get = db.prepare(`SELECT ${CLOCK_COLUMNS} FROM photos WHERE id = ?`);
  for (const id of new Set(photoIds)) {
    const r = get.get(id) as ClockRow | undefined;
    if (!r) throw new NotFoundError(`No photo with id ${id} in this archive.`);
    rows.push(r);
  }
  let delta: number;
  let reference: string | null = null;
  if ('by' in shift) delta = shift.by;
  else {
    const ref = rows.find((r) => r.id === shift.photoId);
    if (!ref) throw new InvalidRequestError(`Photo ${shift.photoId} (whose true time is given) is not among the selected photos.`);
    const camera = cameraLocal(ref);
    if (!camera) throw new InvalidRequestError(`${ref.file_name} has no capture time: pick a photo with one to set its true time.`);
    const current = parseLocal(shiftLocal(camera, ref.clock_offset_s ?? 0) ?? camera)!;
    const wanted = parseLocal(shift.trueTime.length === 16 ? `${shift.trueTime}:00` : shift.trueTime);
    if (!wanted) throw new InvalidRequestError(`"${shift.trueTime}" is not a date and time (YYYY-MM-DDTHH:MM:SS).`);
    delta = Math.round((wanted.ms - current.ms) / 1000);
    reference = `${ref.file_name} set to ${formatLocal(wanted.ms)!.replace('T', ' ')}`;
  }
  const withoutTime: ClockPlan['withoutTime'] = [];
  let withoutTimeCount = 0;
  const preview: ClockPlan['preview'] = [];
  const changes: Change[] = [];
  const at = new Date().toISOString();
  const problems: string[] = [];
  for (const r of rows) {
    const camera = cameraLocal(r);
    if (!camera) {
      withoutTimeCount++;
      if (withoutTime.length < LISTED_WITHOUT_TIME) withoutTime.push({ id: r.id, fileName: r.file_name });
      continue;
    }
    const total = (r.clock_offset_s ?? 0) + delta;
    const before = shiftLocal(camera, r.clock_offset_s ?? 0) ?? camera;
    const after = shiftLocal(camera, total);
    if (Math.abs(total) > MAX_CLOCK_OFFSET_S || after === null) {
      problems.push(r.file_name);
      continue;
    }
    if (preview.length < PREVIEW_ROWS) preview.push({ id: r.id, fileName: r.file_name, camera, before, after });
    if (delta !== 0) {
      changes.push({ action: 'photo.clock', photoId: r.id, entityId: null, old: stateOf(r), new: total ? { offsetSeconds: total, by: actor, at } : null });
    }
  }
  if (problems.length) {
    throw new InvalidRequestError(`That would put ${problems.length === 1 ? problems[0] : `${problems.length} photos (${problems.slice(0, 3).join(', ')}…)`} more than 200 years from what the camera said, or outside years 1-9999.`);
  }
  const label =
    `Clock corrected by ${formatClockOffset(delta)} on ${changes.length} ${changes.length === 1 ? 'photo' : 'photos'}` +
    (reference ? ` (${reference})` : '');
  return { plan: { deltaSeconds: delta, deltaText: formatClockOffset(delta), label, changed: changes.length, withoutTime, withoutTimeCount, preview }, changes };
}

/** The history lines of one photo's clock change (custody/readable.ts). */
export function clockLines(oldValue: unknown, newValue: unknown): string[] {
  const o = (oldValue as ClockState | null)?.offsetSeconds ?? 0;
  const n = (newValue as ClockState | null)?.offsetSeconds ?? 0;
  const show = (s: number) => (s ? formatClockOffset(s) : 'none');
  return [`Camera clock correction: ${show(o)} → ${show(n)}`];
}
