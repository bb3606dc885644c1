// Display helpers: how values read from files are shown to people.

/** "2008:10:22 16:28:39" -> "2008-10-22 16:28:39"; other forms as written. */
export function displayTime(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(raw);
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}` : raw;
}

const WALL_CLOCK = /^(\d{4})[:-](\d{2})[:-](\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/;

/**
 * A capture time in the reader's own date format ("22 Oct 2008, 16:28:39" or "10/22/2008, 4:28:39 PM"),
 * as the wall clock the file states: never shifted into the viewer's time zone. A date alone stays
 * a date. Unreadable forms are shown as written; callers keep the raw value for a tooltip.
 */
export function localTime(raw: string | null | undefined, locale?: string): string | null {
  if (!raw) return null;
  const m = WALL_CLOCK.exec(raw);
  if (!m) return raw;
  const [, y, mo, d, h, mi, s] = m;
  const at = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)));
  if (Number.isNaN(at.getTime())) return raw;
  const opts: Intl.DateTimeFormatOptions = h === undefined ? { dateStyle: 'medium', timeZone: 'UTC' } : { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale, opts).format(at);
}

export function displayBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = -1;
  do {
    v /= 1024;
    u++;
  } while (v >= 1024 && u < units.length - 1);
  return `${v.toLocaleString('en', { maximumFractionDigits: 1 })} ${units[u]} (${n.toLocaleString('en')} bytes)`;
}

export function displayCoordinate(v: number, pos: string, neg: string): string {
  return `${Math.abs(v).toFixed(6)}° ${v >= 0 ? pos : neg}`;
}

export function displayDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m} min ${seconds % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
