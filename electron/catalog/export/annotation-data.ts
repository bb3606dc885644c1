// What the annotation exports (COCO, Web Annotation, CSV) derive the same way from an ExportSet:
// pixel geometry in the displayed frame, effective descriptive fields, severity labels, who made a
// claim (from the history), number formatting, and the per-photo loop with progress and cancel.
import { createHash } from 'node:crypto';
import type { Geometry, HistoryEntry, Severity } from '../../../shared/api';
import { SEVERITIES } from '../../../shared/taxonomy';
import type { ExportPhoto, ExportRegion, ExportSet } from './collect';
import { ExportCancelled, type ExportContext } from './writer';
import { cameraName } from '../metadata';

export const GENERATOR_NAME = 'Damage Archive';

/**
 * A number as text: rounded to `digits` decimals, trailing zeros dropped, never "-0", never
 * exponent notation. Throws on NaN/Infinity, so whatever is built from it (an SVG, a media
 * fragment) can only ever contain digits, '-' and '.'.
 */
export function num(v: number, digits: number): string {
  if (!Number.isFinite(v)) throw new Error(`Not a finite number: ${v}`);
  const s = v.toFixed(digits).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

/** Rounds like num() but keeps a number (for JSON output). */
export function round(v: number, digits: number): number {
  return Number(num(v, digits));
}

/** Axis-aligned bounding box of a region, normalized (0..1) to the displayed image. */
export function boundsOf(g: Geometry): { x: number; y: number; w: number; h: number } {
  if (g.type === 'rect') return { x: g.x, y: g.y, w: g.w, h: g.h };
  const xs = g.points.map((p) => p[0]);
  const ys = g.points.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, w: Math.max(...xs) - x, h: Math.max(...ys) - y };
}

/** The outline as points, normalized: a rectangle's four corners clockwise from top-left. */
export function outlineOf(g: Geometry): Array<[number, number]> {
  if (g.type === 'polygon') return g.points.map(([x, y]) => [x, y]);
  return [
    [g.x, g.y],
    [g.x + g.w, g.y],
    [g.x + g.w, g.y + g.h],
    [g.x, g.y + g.h],
  ];
}

/** Area of a simple polygon (shoelace formula), in the units of its points. */
export function polygonArea(points: Array<[number, number]>): number {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const [x1, y1] = points[i]!;
    const [x2, y2] = points[(i + 1) % points.length]!;
    twice += x1 * y2 - x2 * y1;
  }
  return Math.abs(twice) / 2;
}

/** "3 severe", "not assessable", or null when the region has no severity. */
export function severityLabel(s: Severity | null): string | null {
  if (s === null) return null;
  if (s === 'na') return 'not assessable';
  return SEVERITIES.find((x) => x.value === s)?.label ?? String(s);
}

/** The descriptive fields a file can carry too (IPTC/XMP), shown "from file" until the user writes one. */
export type FileField = 'title' | 'caption' | 'creator' | 'credit' | 'copyright';

/**
 * A descriptive field as the app shows it: the user's value, or (for title, caption, creator,
 * credit, copyright) the file's own IPTC/XMP value until the user writes one.
 */
export function effectiveField(p: ExportPhoto, field: FileField): { value: string; fromFile: boolean } | null {
  const user = p.meta[field];
  if (user !== undefined && user !== null && user !== '') return { value: user, fromFile: false };
  const file = p.photo.fromFile[field];
  if (file !== null && file !== '') return { value: file, fromFile: true };
  return null;
}

/** Latitude/longitude: the user's (marked user-supplied in the app) over the file's GPS. */
export function positionOf(p: ExportPhoto): { lat: number; lon: number; source: 'user' | 'exif' } | null {
  const lat = p.meta.lat ? Number(p.meta.lat) : NaN;
  const lon = p.meta.lon ? Number(p.meta.lon) : NaN;
  if (Number.isFinite(lat) && Number.isFinite(lon)) return { lat, lon, source: 'user' };
  if (p.photo.gps) return { lat: p.photo.gps.lat, lon: p.photo.gps.lon, source: 'exif' };
  return null;
}

/** The photo's camera as exports, the camera facet and the search index name it (see cameraName). */
export function cameraOf(p: ExportPhoto): string | null {
  return cameraName(p.photo.make, p.photo.model);
}

/** Who did what, read from the history (which names the user from Settings for every change). */
export class Attribution {
  private byPhoto = new Map<number, HistoryEntry[]>();

  constructor(history: HistoryEntry[]) {
    for (const h of history) {
      if (h.photoId === null) continue;
      const list = this.byPhoto.get(h.photoId) ?? [];
      list.push(h);
      this.byPhoto.set(h.photoId, list);
    }
  }

  private entries(photoId: number): HistoryEntry[] {
    return this.byPhoto.get(photoId) ?? [];
  }

  /**
   * Who drew the region: the first "region.create" entry for its photo with the same creation time
   * (the history does not carry the region id; createdAt survives every later change and undo/redo).
   */
  regionCreator(r: ExportRegion): string | null {
    const hit = this.entries(r.photoId).find(
      (h) => h.action === 'region.create' && (h.newValue as { createdAt?: unknown } | null)?.createdAt === r.createdAt,
    );
    return hit?.actor ?? null;
  }

  /** Who last set this field to this value (a meta.set, or an undo/redo of one), and when. */
  fieldSetBy(photoId: number, field: string, value: string): { actor: string; at: string } | null {
    const list = this.entries(photoId);
    for (let i = list.length - 1; i >= 0; i--) {
      const h = list[i]!;
      if (!h.action.endsWith('meta.set')) continue;
      const v = h.newValue as { field?: unknown; value?: unknown } | null;
      if (v?.field === field && v.value === value) return { actor: h.actor, at: h.at };
    }
    return null;
  }

  /**
   * Who tagged the photo. The history records tag changes by term id, which it does not expose, so a
   * tag can be attributed only when every tag added to this photo was added by the same person.
   */
  tagger(photoId: number): string | null {
    const actors = new Set(
      this.entries(photoId)
        .filter((h) => h.action === 'tag.add' || h.action === 'redo tag.add' || h.action === 'undo tag.remove')
        .map((h) => h.actor),
    );
    return actors.size === 1 ? [...actors][0]! : null;
  }
}

/**
 * A name-based (version 5, RFC 9562) UUID: the same name always gives the same id, so exporting the
 * same archive again gives every annotation the same id.
 */
const NAMESPACE = '98ed0714-b466-45e9-bd8d-527e3c2ec26c'; // Damage Archive's own namespace (random, fixed)
export function uuidV5(name: string, namespace = NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Runs `each` for every photo in order, checking for cancel before each and reporting progress after. */
export async function forEachPhoto(set: ExportSet, ctx: ExportContext, each: (p: ExportPhoto, index: number) => void | Promise<void>): Promise<void> {
  for (const [i, p] of set.photos.entries()) {
    if (ctx.signal.aborted) throw new ExportCancelled();
    await each(p, i);
    ctx.progress(p.photo.fileName);
    // Let the event loop run between photos, so a cancel request and progress events get through.
    if (i % 50 === 49) await new Promise((r) => setImmediate(r));
  }
  if (ctx.signal.aborted) throw new ExportCancelled();
}

/**
 * A region's outline in the displayed image's pixels (0,0 at the top-left of the upright picture),
 * each coordinate rounded to `digits` decimals: what COCO and SVG selectors are built from.
 */
export function pixelOutline(g: Geometry, width: number, height: number, digits = 2): Array<[number, number]> {
  return outlineOf(g).map(([x, y]) => [round(x * width, digits), round(y * height, digits)]);
}

/** Bounds of a list of points: top-left corner, width and height, in the points' units. */
export function boundsOfPoints(points: Array<[number, number]>, digits = 2): { x: number; y: number; w: number; h: number } {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, w: round(Math.max(...xs) - x, digits), h: round(Math.max(...ys) - y, digits) };
}

/**
 * The capture time as spreadsheets and COCO read dates: "2008:10:22 16:28:39" becomes
 * "2008-10-22 16:28:39" (the same wall-clock time, still in the camera's unstated zone).
 */
export function localCaptureTime(p: ExportPhoto): string | null {
  const raw = p.photo.capture?.raw;
  if (!raw) return null;
  const m = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}:\d{2}:\d{2})/.exec(raw);
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}` : raw;
}

/** Distinct names of everyone who changed the exported photos, in the order they first appear. */
export function contributorsOf(set: ExportSet): string[] {
  // People who annotated: custody events (ingest, verify, export…) are the archive's own record, not contributions.
  return [...new Set(set.history.filter((h) => h.photoId !== null && !h.action.startsWith('custody.')).map((h) => h.actor).filter((a) => a.trim() !== ''))];
}
