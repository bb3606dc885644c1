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

/**
 * A term as a keyword path (the components of lr:hierarchicalSubject "a|b|c"). Classes and damage
 * types use their stable keys ("building|residential", "damage|gunfire"), which survive label edits
 * and translations. Free tags have no meaningful key (it is a slug of the label), so they are written
 * as "tag|" + the labels down from their top-level tag, keeping the user's spelling and case.
 */
export function keywordPath(t: Term, byId: ReadonlyMap<number, Term>): string[] {
  if (t.kind !== 'tag') return t.key.split('.').map(clean);
  const labels: string[] = [];
  const seen = new Set<number>();
  for (let cur: Term | undefined = t; cur && !seen.has(cur.id); cur = cur.parentId === null ? undefined : byId.get(cur.parentId)) {
    seen.add(cur.id);
    labels.unshift(clean(cur.label));
  }
  return ['tag', ...labels];
}

/** "|" separates levels in Lightroom's paths; inside a label it would split it, so it becomes "/". */
function clean(component: string): string {
  return component.replaceAll('|', '/').trim();
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
