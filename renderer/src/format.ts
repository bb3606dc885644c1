// Display helpers: how values read from files are shown to people.

/** "2008:10:22 16:28:39" -> "2008-10-22 16:28:39"; other forms as written. */
export function displayTime(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(raw);
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}` : raw;
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
