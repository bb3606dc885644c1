// Time and place checks for a photo: the UTC instant of capture (stated by the file, or derived from
// the time zone at its position when the file gives only a local time), and the sun's azimuth and
// elevation then and there, for checking shadows. Every figure says how it was derived.
import tzlookup from '@photostructure/tz-lookup';
import { getPosition } from 'suncalc';
import type { TimePlace } from '../../shared/api';
import { correctedUtc } from './clock';
import type { Db } from './db';
import type { PhotoRow } from './photos';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/;

/** The position a photo is placed at: the user's latitude/longitude, else the file's GPS. */
function positionOf(db: Db, row: PhotoRow): { lat: number; lon: number; source: 'user' | 'file' } | null {
  const meta = db.prepare("SELECT field, value FROM photo_meta WHERE photo_id = ? AND field IN ('lat', 'lon')").all(row.id) as {
    field: string;
    value: string;
  }[];
  const lat = Number(meta.find((m) => m.field === 'lat')?.value);
  const lon = Number(meta.find((m) => m.field === 'lon')?.value);
  if (meta.length === 2 && Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) return { lat, lon, source: 'user' };
  if (row.gps_lat !== null && row.gps_lon !== null) return { lat: row.gps_lat, lon: row.gps_lon, source: 'file' };
  return null;
}

/** Minutes east of UTC that `zone` is at the instant `utcMs`. */
export function zoneOffsetMinutes(zone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const n = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/** The UTC instant of a wall-clock time in a zone (for a time skipped or repeated by a DST change, the earlier reading). */
export function localToUtc(localIso: string, zone: string): { utcMs: number; offsetMinutes: number } | null {
  const m = LOCAL.exec(localIso);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  let offset = zoneOffsetMinutes(zone, wall);
  const second = zoneOffsetMinutes(zone, wall - offset * 60_000);
  if (second !== offset) offset = second;
  return { utcMs: wall - offset * 60_000, offsetMinutes: offset };
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** Sun position in degrees: azimuth clockwise from true north, elevation above the horizon. */
export function sunPosition(utcMs: number, lat: number, lon: number): { azimuth: number; elevation: number } {
  // suncalc 2 answers in degrees: azimuth clockwise from north, altitude with refraction (apparent).
  const p = getPosition(new Date(utcMs), lat, lon);
  return { azimuth: round(((p.azimuth % 360) + 360) % 360, 1), elevation: round(p.altitude, 1) };
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

export function timeAndPlace(db: Db, row: PhotoRow): TimePlace {
  const position = positionOf(db, row);
  let zone: string | null = null;
  if (position) {
    try {
      zone = tzlookup(position.lat, position.lon);
    } catch {
      zone = null;
    }
  }
  let utc: TimePlace['utc'] = null;
  // A corrected camera clock moves the instant too: taken_sort already holds the corrected local time.
  const clock = row.clock_offset_s ? { clockOffsetSeconds: row.clock_offset_s } : {};
  const fileUtc = correctedUtc(row);
  if (fileUtc) {
    utc = { instant: fileUtc, derivedFrom: 'file-offset', offset: row.taken_at_offset, zone: null, ...clock };
  } else if (zone && row.taken_sort) {
    const r = localToUtc(row.taken_sort, zone);
    if (r) utc = { instant: new Date(r.utcMs).toISOString(), derivedFrom: 'position-time-zone', offset: formatOffset(r.offsetMinutes), zone, ...clock };
  }
  const sun = position && utc ? { ...sunPosition(Date.parse(utc.instant), position.lat, position.lon), positionSource: position.source } : null;
  return { position, zone, utc, sun };
}
