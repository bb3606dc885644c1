// The counts at the top of the printable catalogue: photos, regions by object class, by damage type
// and by severity, and the range of capture dates as the files state them.
import { SEVERITIES } from '../../../shared/taxonomy';
import type { ExportSet, ExportTerm } from './collect';
import { severityLabel } from './annotation-data';

export interface Count {
  label: string;
  count: number;
}

export interface CatalogueSummary {
  photos: number;
  regions: number;
  photosWithRegions: number;
  byClass: Count[];
  byDamage: Count[];
  bySeverity: Count[];
  /** Earliest and latest capture day (YYYY-MM-DD, the camera's local date), null when no photo has one. */
  dates: { from: string; to: string } | null;
  withoutDate: number;
}

/** "Building › Residential (house, apartment block)": a subtype with its class, so counts read alone. */
export function termName(t: ExportTerm): string {
  return t.parentLabel ? `${t.parentLabel} › ${t.label}` : t.label;
}

/**
 * The sortable day of a capture time as written: EXIF "2008:10:22 16:28:39", XMP/ISO
 * "2008-10-22T16:28:39+02:00" or a date alone. Null when it is not a date we can read.
 */
export function captureDay(raw: string): string | null {
  const m = /^(\d{4})[:-](\d{2})[:-](\d{2})/.exec(raw.trim());
  if (!m || m[1] === '0000' || m[2] === '00' || m[3] === '00') return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

function tally(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Most frequent first, then alphabetically, so the table reads like the sidebar's facets. */
function sorted(map: Map<string, number>): Count[] {
  return [...map].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

export function summarise(set: ExportSet): CatalogueSummary {
  const byClass = new Map<string, number>();
  const byDamage = new Map<string, number>();
  const bySeverity = new Map<string, number>();
  const days: string[] = [];
  let regions = 0;
  let photosWithRegions = 0;
  for (const p of set.photos) {
    const raw = p.photo.capture?.raw;
    const day = raw ? captureDay(raw) : null;
    if (day) days.push(day);
    if (p.regions.length > 0) photosWithRegions++;
    for (const r of p.regions) {
      regions++;
      tally(byClass, r.class ? termName(r.class) : 'No object class');
      for (const d of r.damage) tally(byDamage, termName(d));
      if (r.damage.length === 0) tally(byDamage, 'No damage type');
      tally(bySeverity, severityLabel(r.severity) ?? 'No severity given');
    }
  }
  // Severity keeps its own order (0 none … 4 destroyed, not assessable), not the order of frequency.
  const order = [...SEVERITIES.map((s) => s.label as string), 'not assessable', 'No severity given'];
  const severityRows = order.filter((l) => bySeverity.has(l)).map((label) => ({ label, count: bySeverity.get(label)! }));
  days.sort();
  return {
    photos: set.photos.length,
    regions,
    photosWithRegions,
    byClass: sorted(byClass),
    byDamage: sorted(byDamage),
    bySeverity: severityRows,
    dates: days.length > 0 ? { from: days[0]!, to: days[days.length - 1]! } : null,
    withoutDate: set.photos.length - days.length,
  };
}
