// What the XMP sidecar writer (export/xmp.ts) and reader (sidecars.ts) share: namespace URIs, our own
// namespace for what no standard has a field for, the keyword path format, and XMP's GPS notation.
import type { Term } from '../../shared/api';

export const NS = {
  x: 'adobe:ns:meta/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  xml: 'http://www.w3.org/XML/1998/namespace',
  xmlns: 'http://www.w3.org/2000/xmlns/',
  dc: 'http://purl.org/dc/elements/1.1/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  photoshop: 'http://ns.adobe.com/photoshop/1.0/',
  Iptc4xmpCore: 'http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/',
  Iptc4xmpExt: 'http://iptc.org/std/Iptc4xmpExt/2008-02-29/',
  lr: 'http://ns.adobe.com/lightroom/1.0/',
  digiKam: 'http://www.digikam.org/ns/1.0/',
  exif: 'http://ns.adobe.com/exif/1.0/',
  'mwg-rs': 'http://www.metadataworkinggroup.com/schemas/regions/',
  stArea: 'http://ns.adobe.com/xmp/sType/Area#',
  stDim: 'http://ns.adobe.com/xap/1.0/sType/Dimensions#',
  /**
   * Damage Archive's own properties (damage types, severity, confidence, notes, provenance, which
   * keywords are photo tags). A URN because the project owns no web domain; it only has to be unique.
   */
  dma: 'urn:damage-archive:xmp:1.0:',
} as const;

export type Prefix = keyof typeof NS;

/** IPTC image-region types our top-level classes correspond to (cv.iptc.org/newscodes/imageregiontype/). */
export const IPTC_REGION_TYPE = 'http://cv.iptc.org/newscodes/imageregiontype/';
export const IPTC_TYPE_OF_CLASS: Readonly<Record<string, string>> = { building: 'building', vehicle: 'vehicle', people: 'human' };
/** Every region we draw marks an area a researcher assessed: IPTC role "area of interest". */
export const IPTC_REGION_ROLE_AREA_OF_INTEREST = 'http://cv.iptc.org/newscodes/imageregionrole/areaOfInterest';

/** A term's labels from its top-level ancestor down, as the user wrote them. */
function labelsDown(t: Term, byId: ReadonlyMap<number, Term>): string[] {
  const labels: string[] = [];
  const seen = new Set<number>();
  for (let cur: Term | undefined = t; cur && !seen.has(cur.id); cur = cur.parentId === null ? undefined : byId.get(cur.parentId)) {
    seen.add(cur.id);
    labels.unshift(cur.label);
  }
  return labels;
}

/**
 * A term as a keyword path of LABELS, as Lightroom and digiKam write lr:hierarchicalSubject (so its
 * leaves are the same words as dc:subject and Lightroom shows no duplicate keywords): classes from
 * their top-level class ("Building|Government / administration"), damage types under "Damage", free
 * tags under "tag". Our import matches paths back to the vocabulary by label path (and by key, for
 * exports made before labels were used). A "|" inside a label would split it in Lightroom's
 * notation, so there it becomes "/"; dma:PhotoTags keeps the exact labels (see escapedPath).
 */
export function keywordPath(t: Term, byId: ReadonlyMap<number, Term>): string[] {
  return rawKeywordPath(t, byId).map(clean);
}

function rawKeywordPath(t: Term, byId: ReadonlyMap<number, Term>): string[] {
  const labels = labelsDown(t, byId);
  if (t.kind === 'tag') return ['tag', ...labels];
  if (t.kind === 'damage') return ['Damage', ...labels];
  return labels;
}

/** "|" separates levels in Lightroom's paths; inside a label it would split it, so it becomes "/". */
function clean(component: string): string {
  return component.replaceAll('|', '/').trim();
}

/** The exact path, "|" and "\\" inside a label escaped with a backslash (dma:PhotoTags, sidecar version 2). */
export function escapedPath(t: Term, byId: ReadonlyMap<number, Term>): string {
  return rawKeywordPath(t, byId)
    .map((c) => c.replaceAll('\\', '\\\\').replaceAll('|', '\\|'))
    .join('|');
}

/** Splits an escaped path (escapedPath) back into its labels. */
export function splitEscapedPath(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) cur += s[++i]!;
    else if (c === '|') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** How Lightroom writes a path: "damage|gunfire". */
export function hierarchicalSubject(path: string[]): string {
  return path.join('|');
}

/**
 * XMP's GPS notation (XMP spec part 2, GPSCoordinate): "DDD,MM.mmmmmmK" with K one of N/S or E/W.
 * Six decimals of a minute are about 2 mm on the ground, so nothing a GPS measured is lost.
 */
export function xmpGpsCoordinate(value: number, axis: 'lat' | 'lon'): string {
  const hemisphere = axis === 'lat' ? (value < 0 ? 'S' : 'N') : value < 0 ? 'W' : 'E';
  // Work in whole millionths of a minute so rounding can never produce "59.9999995" -> "60.000000".
  const micro = Math.round(Math.abs(value) * 60 * 1e6);
  const degrees = Math.floor(micro / 60e6);
  const minutes = (micro - degrees * 60e6) / 1e6;
  return `${degrees},${minutes.toFixed(6)}${hemisphere}`;
}

/** Parses "DDD,MM.mmmK" or "DDD,MM,SSK" (both allowed by the XMP spec) to signed decimal degrees. */
export function parseXmpGpsCoordinate(s: string): number | null {
  const m = /^\s*(\d{1,3}),(\d{1,2}(?:\.\d+)?)(?:,(\d{1,2}(?:\.\d+)?))?\s*([NSEWnsew])\s*$/.exec(s);
  if (!m) {
    // Some writers put plain signed decimal degrees here; accept those too.
    const n = Number(s.trim());
    return s.trim() !== '' && Number.isFinite(n) ? n : null;
  }
  const value = Number(m[1]) + Number(m[2]) / 60 + (m[3] ? Number(m[3]) / 3600 : 0);
  return /[SWsw]/.test(m[4]!) ? -value : value;
}
