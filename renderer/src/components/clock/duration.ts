// The clock dialog's duration fields and the reference photo's current time, kept apart from the
// component so they read (and are checked) on their own.
import type { PhotoDetail } from '../../../../shared/api';

export interface DurationParts {
  sign: '+' | '-' | string;
  days: string;
  hours: string;
  minutes: string;
  seconds: string;
}

const LIMITS = { days: 73_200, hours: 1_000_000, minutes: 10_000_000, seconds: 100_000_000 } as const;

/** Seconds, or what is wrong with the fields. Empty fields count as 0; minutes and seconds may exceed 59 (90 min is fine). */
export function durationSeconds(p: DurationParts): number | string {
  let total = 0;
  for (const [k, size] of [['days', 86_400], ['hours', 3600], ['minutes', 60], ['seconds', 1]] as const) {
    const text = p[k].trim();
    if (text === '') continue;
    if (!/^\d+$/.test(text)) return `${k[0]!.toUpperCase()}${k.slice(1)}: whole numbers only.`;
    const n = Number(text);
    if (n > LIMITS[k]) return `${k[0]!.toUpperCase()}${k.slice(1)}: too large.`;
    total += n * size;
  }
  if (total > 200 * 366 * 86_400) return 'More than 200 years: no camera clock is that far out.';
  return p.sign === '-' ? -total : total;
}

/** The photo's current (corrected, else camera) local time as YYYY-MM-DDTHH:MM:SS, or null when the file states none. */
export function referenceTime(p: PhotoDetail): string | null {
  if (p.clock) return p.clock.local.slice(0, 19);
  const raw = p.capture?.raw;
  if (!raw) return null;
  const m = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(raw);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}` : null;
}
