// XMP sidecars found next to a photo on its first import (photo.jpg.xmp as digiKam, darktable and
// this app write them, or photo.xmp as Lightroom does): descriptive fields, keywords and regions.
//
// Where the sidecar's claims go, and why: the photo's "from file" fields are what the hashed bytes
// themselves say, evidence about the original. A sidecar is a separate, editable, unhashed file, so
// its values become the photo's descriptive metadata, tags and regions like any other annotation,
// recorded in the history as made by "sidecar import" with the sidecar's path and SHA-256. A field
// whose value equals what the image itself says is not repeated. Everything the sidecar contributed
// is one change set, written in the same transaction as the photo; nothing is read again on a
// resumed import or for a duplicate (those never reach the first cataloguing).
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Confidence, Geometry, MetaField, PhotoDetail, Severity, Term } from '../../shared/api';
import { metaOf, nextRegionId, type RegionState } from './annotations';
import type { Db } from './db';
import { Editor, type Change } from './edits';
import { getDetail } from './photos';
import { addTerm, listTerms } from './vocabulary';
import { mapGeometry, storedSize, swapsAxes } from './image-frame';
import { IPTC_REGION_TYPE, IPTC_TYPE_OF_CLASS, NS, parseXmpGpsCoordinate, splitEscapedPath } from './xmp-ns';
import { field, numberValue, parseXmp, structList, structValue, textList, textValue, XmpSyntaxError, type XmpProps } from './xmp-read';

export const SIDECAR_ACTOR = 'sidecar import';
/**
 * Lightroom sidecars with long develop histories reach one or two MB; beyond 4 MB a file is not a
 * sidecar worth parsing (a 31 MB one took 37 s and 2 GB of memory): it is refused, unread, with the reason.
 */
export const MAX_SIDECAR_BYTES = 4 * 1024 * 1024;
/** At most this many vocabulary terms may be created by one sidecar; keywords beyond are left out and reported. */
export const MAX_NEW_TERMS_PER_SIDECAR = 100;
/** Bounds on what one sidecar may add, so a hostile file cannot flood the catalogue. */
const MAX_KEYWORDS = 2000;
const MAX_REGIONS = 2000;
const MAX_POLYGON_POINTS = 500;
const MAX_TEXT = 10_000;
const MAX_LABEL = 200;

/** `others`: further sidecars of the same photo that were found but not read (photo.xmp beside photo.jpg.xmp). */
export type SidecarRead =
  | { path: string; sha256: string; props: XmpProps; others?: string[] }
  | { path: string; problem: string; others?: string[] };

/** Where a sidecar of this photo may be, most specific first (case of the .xmp extension either way). */
export function sidecarCandidates(photoPath: string): string[] {
  const ext = path.extname(photoPath);
  const stem = ext ? photoPath.slice(0, -ext.length) : null;
  const bases = [photoPath, ...(stem ? [stem] : [])];
  return [...new Set(bases.flatMap((b) => [`${b}.xmp`, `${b}.XMP`]))];
}

/**
 * Finds and parses the photo's sidecar; null when there is none. Never throws: a bad sidecar is a
 * problem to report. When both photo.jpg.xmp and photo.xmp exist, the more specific one is read and
 * the other is listed in `others`, to be reported (merging two sidecars could silently mix claims
 * from two tools; the user decides).
 */
export async function readSidecarFor(photoPath: string): Promise<SidecarRead | null> {
  const found: Array<{ path: string; size: number }> = [];
  const seen = new Set<string>();
  for (const candidate of sidecarCandidates(photoPath)) {
    let stat;
    try {
      stat = await fs.stat(candidate);
    } catch {
      continue;
    }
    // photo.xmp and photo.XMP are one file on a case-insensitive disk.
    const id = `${stat.dev}:${stat.ino}`;
    if (!stat.isFile() || seen.has(id)) continue;
    seen.add(id);
    found.push({ path: candidate, size: stat.size });
  }
  const [first, ...rest] = found;
  if (!first) return null;
  const others = rest.map((f) => f.path);
  const tooBig = (size: number) =>
    `the sidecar is ${size.toLocaleString('en')} bytes, more than the ${MAX_SIDECAR_BYTES.toLocaleString('en')} an XMP sidecar may have here (not read)`;
  if (first.size > MAX_SIDECAR_BYTES) return { path: first.path, problem: tooBig(first.size), others };
  try {
    const bytes = await readAtMost(first.path, MAX_SIDECAR_BYTES);
    if (bytes === null) return { path: first.path, problem: tooBig(MAX_SIDECAR_BYTES + 1), others };
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return { path: first.path, sha256, props: parseXmp(decode(bytes)), others };
  } catch (err) {
    const reason = err instanceof XmpSyntaxError ? err.message : `cannot read it (${(err as Error).message})`;
    return { path: first.path, problem: reason, others };
  }
}

/** The file's bytes, or null if it grew past `limit` since it was measured (it is never read beyond). */
async function readAtMost(file: string, limit: number): Promise<Buffer | null> {
  const fh = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(limit + 1);
    let n = 0;
    for (let r; n < buf.length && (r = (await fh.read(buf, n, buf.length - n, n)).bytesRead) > 0; ) n += r;
    return n > limit ? null : buf.subarray(0, n);
  } finally {
    await fh.close();
  }
}

/** XMP is UTF-8 (UTF-16 with a byte-order mark is allowed and seen from some Windows tools). */
function decode(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
}

// ---- What a sidecar says, independent of the archive ----

interface SidecarRegion {
  geometry: Geometry;
  /** Our own class key (dma:Class), when written by this app. */
  classKey: string | null;
  /** Names that may be a class label: dma:Class label, rCtype names, the region's name. */
  classNames: string[];
  /** IPTC image-region types (e.g. "building"). */
  iptcTypes: string[];
  damage: Array<{ key: string | null; label: string | null }>;
  severity: Severity | null;
  confidence: Confidence | null;
  note: string;
  /** A name that did not turn out to be a class is kept as the note (e.g. a digiKam face's name). */
  name: string | null;
  createdAt: string | null;
}

export interface SidecarContent {
  /** Written by this app (dma:SidecarVersion): photo tags are listed exactly in dma:PhotoTags. */
  ours: boolean;
  originalSha256: string | null;
  fields: Partial<Record<MetaField, string>>;
  /** Keyword paths, e.g. ["damage", "fire"], from lr:hierarchicalSubject, digiKam:TagsList or dma:PhotoTags. */
  keywordPaths: string[][];
  /** dc:subject entries (not used for our own sidecars: they repeat the paths). */
  flatKeywords: string[];
  regions: SidecarRegion[];
  /** What was read but not taken, and why. */
  notes: string[];
}

const ext = (name: string) => [NS.Iptc4xmpExt, name] as const;
const dma = (name: string) => [NS.dma, name] as const;

type PhotoFrame = Pick<PhotoDetail, 'width' | 'height' | 'orientation'>;

export function interpretSidecar(props: XmpProps, photo: PhotoFrame): SidecarContent {
  const notes: string[] = [];
  const text = (ns: string, name: string) => {
    const v = textValue(field(props, ns, name))?.trim();
    return v ? cut(v, MAX_TEXT) : null;
  };
  const ours = text(NS.dma, 'SidecarVersion') !== null;
  const fields: Partial<Record<MetaField, string>> = {};
  const put = (f: MetaField, v: string | null) => {
    if (v) fields[f] = v;
  };
  put('title', text(NS.dc, 'title'));
  put('caption', text(NS.dc, 'description'));
  const creators = textList(field(props, NS.dc, 'creator')).map((c) => c.trim()).filter(Boolean);
  put('creator', creators.length ? cut(creators.join('; '), MAX_TEXT) : null);
  put('credit', text(NS.photoshop, 'Credit'));
  put('copyright', text(NS.dc, 'rights'));
  put('sublocation', text(NS.Iptc4xmpCore, 'Location'));
  put('city', text(NS.photoshop, 'City'));
  put('region', text(NS.photoshop, 'State'));
  put('country', text(NS.photoshop, 'Country'));
  put('countryCode', text(NS.Iptc4xmpCore, 'CountryCode')?.toUpperCase() ?? null);
  put('event', text(NS.Iptc4xmpExt, 'Event'));
  put('source', text(NS.photoshop, 'Source'));
  put('provenance', text(NS.dma, 'Provenance'));
  const lat = parseXmpGpsCoordinate(text(NS.exif, 'GPSLatitude') ?? '');
  const lon = parseXmpGpsCoordinate(text(NS.exif, 'GPSLongitude') ?? '');
  if (lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
    // The XMP notation carries a millionth of a minute; more digits would be noise from the conversion.
    put('lat', String(Number(lat.toFixed(8))));
    put('lon', String(Number(lon.toFixed(8))));
  } else if (lat !== null || lon !== null) {
    notes.push('GPS position not taken: latitude or longitude missing or out of range');
  }

  const splitPaths = (list: string[], sep: string) =>
    list.map((k) => k.split(sep).map((c) => c.trim()).filter((c) => c !== '')).filter((p) => p.length > 0 && !p[0]!.startsWith('_Digikam_'));
  let keywordPaths: string[][];
  let flatKeywords: string[] = [];
  if (ours) {
    const photoTags = textList(field(props, NS.dma, 'PhotoTags'));
    // Version 1 wrote plain paths; from version 2 a "|" or "\\" inside a label is escaped.
    keywordPaths =
      text(NS.dma, 'SidecarVersion') === '1'
        ? splitPaths(photoTags, '|')
        : photoTags.map((k) => splitEscapedPath(k).map((c) => c.trim()).filter((c) => c !== '')).filter((p) => p.length > 0);
  } else {
    keywordPaths = [
      ...splitPaths(textList(field(props, NS.lr, 'hierarchicalSubject')), '|'),
      ...splitPaths(textList(field(props, NS.digiKam, 'TagsList')), '/'),
    ];
    flatKeywords = textList(field(props, NS.dc, 'subject')).map((k) => k.trim()).filter(Boolean);
  }
  const seen = new Set<string>();
  keywordPaths = keywordPaths.filter((p) => {
    const k = p.map(norm).join('\u0000');
    return seen.has(k) ? false : (seen.add(k), true);
  });
  if (keywordPaths.length + flatKeywords.length > MAX_KEYWORDS) {
    notes.push(`only the first ${MAX_KEYWORDS} keywords were taken`);
    keywordPaths = keywordPaths.slice(0, MAX_KEYWORDS);
    flatKeywords = flatKeywords.slice(0, Math.max(0, MAX_KEYWORDS - keywordPaths.length));
  }

  // Regions are written on the stored image (MWG 5.9; IPTC as ExifTool converts it), except by this
  // app's sidecar version 1, which wrote the displayed frame. Either way they become displayed-frame.
  const displayedFrame = ours && text(NS.dma, 'SidecarVersion') === '1';
  const regions = [...iptcRegions(props, photo, displayedFrame, notes)];
  for (const r of mwgRegions(props, photo, displayedFrame, notes)) {
    // Writers that give both (this app, digiKam) describe the same rectangles twice.
    const twin = regions.some((o) => o.geometry.type === 'rect' && r.geometry.type === 'rect' && sameRect(o.geometry, r.geometry));
    if (!twin) regions.push(r);
  }
  if (regions.length > MAX_REGIONS) {
    notes.push(`only the first ${MAX_REGIONS} of ${regions.length} regions were taken`);
    regions.length = MAX_REGIONS;
  }
  return { ours, originalSha256: text(NS.dma, 'OriginalSHA256'), fields, keywordPaths, flatKeywords, regions, notes };
}

function sameRect(a: Extract<Geometry, { type: 'rect' }>, b: Extract<Geometry, { type: 'rect' }>): boolean {
  const close = (u: number, v: number) => Math.abs(u - v) < 1e-6;
  return close(a.x, b.x) && close(a.y, b.y) && close(a.w, b.w) && close(a.h, b.h);
}

/** An IPTC Entity's identifiers: xmp:Identifier, as the standard has it (our sidecars before version 2 used Iptc4xmpExt:Identifier). */
function identifiersOf(entity: XmpProps): string[] {
  return [...textList(field(entity, NS.xmp, 'Identifier')), ...textList(field(entity, ...ext('Identifier')))];
}

function iptcRegions(props: XmpProps, photo: PhotoFrame, displayedFrame: boolean, notes: string[]): SidecarRegion[] {
  const orientation = displayedFrame ? 1 : photo.orientation;
  const out: SidecarRegion[] = [];
  for (const [i, s] of structList(field(props, ...ext('ImageRegion'))).entries()) {
    const label = `IPTC region ${i + 1}`;
    const b = structValue(field(s, ...ext('RegionBoundary')));
    if (!b) {
      notes.push(`${label}: no boundary`);
      continue;
    }
    const shape = textValue(field(b, ...ext('rbShape')))?.trim().toLowerCase() ?? '';
    const unit = textValue(field(b, ...ext('rbUnit')))?.trim().toLowerCase() || 'relative';
    let sx = 1;
    let sy = 1;
    if (unit === 'pixel') {
      if (!photo.width || !photo.height) {
        notes.push(`${label}: in pixels, but the photo's size is unknown`);
        continue;
      }
      // Pixels of the image the region was drawn on: the stored one (ExifTool scales by ImageWidth/ImageHeight).
      const size = displayedFrame ? { w: photo.width, h: photo.height } : storedSize(photo.width, photo.height, photo.orientation);
      sx = size.w;
      sy = size.h;
    } else if (unit !== 'relative') {
      notes.push(`${label}: unknown unit "${cut(unit, 40)}"`);
      continue;
    }
    const coord = (p: XmpProps | undefined, name: string, scale: number) => {
      const n = numberValue(field(p, ...ext(name)));
      return n === null ? null : n / scale;
    };
    let geometry: Geometry | string;
    if (shape === 'rectangle') {
      geometry = rectOf(coord(b, 'rbX', sx), coord(b, 'rbY', sy), coord(b, 'rbW', sx), coord(b, 'rbH', sy));
    } else if (shape === 'polygon') {
      const points = structList(field(b, ...ext('rbVertices'))).map((v) => [coord(v, 'rbX', sx), coord(v, 'rbY', sy)] as const);
      geometry = polygonOf(points);
    } else {
      geometry = shape === 'circle' ? 'circles are not supported (rectangles and polygons are)' : `unknown shape "${cut(shape, 40)}"`;
    }
    if (typeof geometry === 'string') {
      notes.push(`${label}: ${geometry}`);
      continue;
    }
    geometry = mapGeometry(geometry, orientation, 'toDisplayed');
    const ctypes = structList(field(s, ...ext('rCtype')));
    const identifiers = ctypes.flatMap((c) => identifiersOf(c));
    const ourClass = structValue(field(s, ...dma('Class')));
    const classKey =
      textValue(field(ourClass, ...dma('Key')))?.trim() || identifiers.find((id) => id.startsWith(`${NS.dma}class:`))?.slice(`${NS.dma}class:`.length) || null;
    const name = textValue(field(s, ...ext('Name')))?.trim() || null;
    // What our namespace says, else the gist we also write in standard fields (rCtype, rRole), which
    // survives tools that dropped the namespace (exiftool -tagsfromfile without our config).
    const ourDamage = structList(field(s, ...dma('Damage'))).map((d) => ({
      key: textValue(field(d, ...dma('Key')))?.trim() || null,
      label: textValue(field(d, ...dma('Label')))?.trim() || null,
    }));
    const ctypeDamage = ctypes.flatMap((c) => {
      const id = identifiersOf(c).find((i) => i.startsWith(`${NS.dma}damage:`));
      return id ? [{ key: id.slice(`${NS.dma}damage:`.length), label: textValue(field(c, ...ext('Name')))?.trim() || null }] : [];
    });
    const roleIds = structList(field(s, ...ext('rRole'))).flatMap((r) => identifiersOf(r));
    const roleValue = (kind: string) => roleIds.find((i) => i.startsWith(`${NS.dma}${kind}:`))?.slice(`${NS.dma}${kind}:`.length) ?? null;
    out.push({
      geometry,
      classKey,
      classNames: [
        textValue(field(ourClass, ...dma('Label'))),
        ...ctypes.filter((c) => !identifiersOf(c).some((i) => i.startsWith(`${NS.dma}damage:`))).map((c) => textValue(field(c, ...ext('Name')))),
        name,
      ].filter((n): n is string => !!n?.trim()),
      iptcTypes: identifiers.filter((id) => id.startsWith(IPTC_REGION_TYPE)).map((id) => id.slice(IPTC_REGION_TYPE.length)),
      damage: ourDamage.length > 0 ? ourDamage : ctypeDamage,
      severity: severityOf(textValue(field(s, ...dma('Severity'))) ?? roleValue('severity')),
      confidence: confidenceOf(textValue(field(s, ...dma('Confidence'))) ?? roleValue('confidence')),
      note: cut(textValue(field(s, ...dma('Note'))) ?? textValue(field(s, NS.dc, 'description')) ?? '', MAX_TEXT),
      // Our gist ("Minibus — Fire / burn, destroyed (certain)") repeats the fields; another tool's name may be a note.
      name: classKey || roleIds.some((i) => i.startsWith(NS.dma)) || ctypeDamage.length > 0 || /^Unclassified region( — |$)/.test(name ?? '') ? null : name,
      createdAt: validDate(textValue(field(s, ...dma('Created')))),
    });
  }
  return out;
}

/**
 * Which frame an MWG region list is in. MWG says the stored image, and AppliedToDimensions names its
 * size; a list applied to the displayed size of a photo turned a quarter (as this app's sidecar
 * version 1 and some older tools wrote) is read in the displayed frame, with a note. Any other
 * size is a mismatch worth saying (a resized copy, or the sidecar of another file); the regions are
 * relative, so they are still read, in the stored frame.
 */
function mwgOrientation(regions: XmpProps | undefined, photo: PhotoFrame, displayedFrame: boolean, notes: string[]): number | null {
  if (displayedFrame) return 1;
  const dims = structValue(field(regions, NS['mwg-rs'], 'AppliedToDimensions'));
  const w = numberValue(field(dims, NS.stDim, 'w'));
  const h = numberValue(field(dims, NS.stDim, 'h'));
  if (w === null || h === null || !photo.width || !photo.height) return photo.orientation;
  const stored = storedSize(photo.width, photo.height, photo.orientation);
  if (w === stored.w && h === stored.h) return photo.orientation;
  if (swapsAxes(photo.orientation) && w === photo.width && h === photo.height) {
    notes.push(`MWG regions: AppliedToDimensions ${w}x${h} is the displayed size, not the stored ${stored.w}x${stored.h} MWG asks for; read as drawn on the displayed image`);
    return 1;
  }
  notes.push(`MWG regions: AppliedToDimensions ${w}x${h} does not match the photo's stored size ${stored.w}x${stored.h}; read as relative to the stored image`);
  return photo.orientation;
}

function mwgRegions(props: XmpProps, photo: PhotoFrame, displayedFrame: boolean, notes: string[]): SidecarRegion[] {
  const mwg = NS['mwg-rs'];
  const regions = structValue(field(props, mwg, 'Regions'));
  const out: SidecarRegion[] = [];
  const list = structList(field(regions, mwg, 'RegionList'));
  const orientation = list.length > 0 ? mwgOrientation(regions, photo, displayedFrame, notes) : 1;
  for (const [i, li] of list.entries()) {
    const area = structValue(field(li, mwg, 'Area'));
    const unit = textValue(field(area, NS.stArea, 'unit'))?.trim().toLowerCase() || 'normalized';
    if (unit !== 'normalized') {
      notes.push(`MWG region ${i + 1}: unit "${cut(unit, 40)}" (only normalized is defined)`);
      continue;
    }
    const [cx, cy, w, h] = ['x', 'y', 'w', 'h'].map((k) => numberValue(field(area, NS.stArea, k)));
    // MWG gives the centre; the archive stores the top-left corner.
    const stored = rectOf(cx == null || w == null ? null : cx - w / 2, cy == null || h == null ? null : cy - h / 2, w ?? null, h ?? null);
    if (typeof stored === 'string') {
      notes.push(`MWG region ${i + 1}: ${stored}`);
      continue;
    }
    const geometry = mapGeometry(stored, orientation, 'toDisplayed');
    const name = textValue(field(li, mwg, 'Name'))?.trim() || null;
    const description = textValue(field(li, mwg, 'Description'))?.trim() || '';
    out.push({
      geometry,
      classKey: null,
      classNames: name ? [name] : [],
      iptcTypes: [],
      damage: [],
      severity: null,
      confidence: null,
      note: cut(description, MAX_TEXT),
      name,
      createdAt: null,
    });
  }
  return out;
}

const clamp = (v: number) => Math.min(1, Math.max(0, v));

/** A rectangle clipped to the image, or why there is none. */
function rectOf(x: number | null, y: number | null, w: number | null, h: number | null): Geometry | string {
  if (x === null || y === null || w === null || h === null) return 'a rectangle without x, y, width and height';
  // Inside the image (within rounding, as the app itself accepts): taken exactly as written, since
  // clipping arithmetic would turn 0.35 into 0.35000000000000003.
  const slack = 1e-9;
  if (x >= 0 && y >= 0 && w > 0 && h > 0 && w <= 1 && h <= 1 && x + w <= 1 + slack && y + h <= 1 + slack) return { type: 'rect', x, y, w, h };
  const x0 = clamp(x);
  const y0 = clamp(y);
  const x1 = clamp(x + w);
  const y1 = clamp(y + h);
  if (x1 - x0 <= 0 || y1 - y0 <= 0) return 'an empty rectangle or one outside the image';
  return { type: 'rect', x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

function polygonOf(points: ReadonlyArray<readonly [number | null, number | null]>): Geometry | string {
  if (points.some(([x, y]) => x === null || y === null)) return 'a polygon vertex without x or y';
  if (points.length < 3) return 'a polygon with fewer than 3 vertices';
  if (points.length > MAX_POLYGON_POINTS) return `a polygon with more than ${MAX_POLYGON_POINTS} vertices`;
  return { type: 'polygon', points: points.map(([x, y]) => [clamp(x!), clamp(y!)] as [number, number]) };
}

function severityOf(s: string | null): Severity | null {
  const t = s?.trim().toLowerCase();
  if (t === 'na') return 'na';
  return t === '0' || t === '1' || t === '2' || t === '3' || t === '4' ? (Number(t) as Severity) : null;
}

function confidenceOf(s: string | null): Confidence | null {
  const t = s?.trim().toLowerCase();
  return t === 'certain' || t === 'possible' ? t : null;
}

function validDate(s: string | null): string | null {
  return s && /^\d{4}-\d{2}-\d{2}T/.test(s) && Number.isFinite(Date.parse(s)) ? s : null;
}

/** The first `n` characters, never splitting a surrogate pair. */
function cut(s: string, n: number): string {
  if (s.length <= n) return s;
  const code = s.charCodeAt(n - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}

/** Comparison form of a keyword or label: Unicode-normalised, trimmed, case-folded. */
function norm(s: string): string {
  return s.normalize('NFC').trim().toLocaleLowerCase();
}

// ---- Mapping onto this archive's vocabulary ----

/**
 * Finds terms by keyword path: a term matches its key's segments ("damage|fire" is damage.fire,
 * "building|residential"), or its labels from the top down, optionally after its kind
 * ("tag|Khorog", "Damage|Fire / burn (scorched, burnt-out)"). Keys win over labels. Merged terms
 * still match their old names but resolve to the term they were merged into.
 */
class VocabularyIndex {
  /** Terms created so far, and what could not be created once the cap was reached. */
  created = 0;
  readonly refused: string[] = [];
  private byId = new Map<number, Term>();
  private byPath = new Map<string, Term>();
  private labelPaths = new Map<string, Term>();

  constructor(
    private readonly db: Db,
    private readonly editor: Editor,
  ) {
    const terms = listTerms(db);
    for (const t of terms) this.byId.set(t.id, t);
    const live = [...terms.filter((t) => t.mergedInto === null), ...terms.filter((t) => t.mergedInto !== null)];
    for (const t of live) this.index(t);
  }

  private live(t: Term): Term {
    const seen = new Set<number>();
    let cur = t;
    while (cur.mergedInto !== null && !seen.has(cur.id)) {
      seen.add(cur.id);
      cur = this.byId.get(cur.mergedInto) ?? cur;
    }
    return cur;
  }

  private labelsOf(t: Term): string[] {
    const labels: string[] = [];
    const seen = new Set<number>();
    for (let cur: Term | undefined = t; cur && !seen.has(cur.id); cur = cur.parentId === null ? undefined : this.byId.get(cur.parentId)) {
      seen.add(cur.id);
      labels.unshift(cur.label);
    }
    return labels;
  }

  private index(t: Term): void {
    const add = (map: Map<string, Term>, p: string[]) => {
      const k = p.map(norm).join('\u0000');
      if (!map.has(k)) map.set(k, t);
    };
    add(this.byPath, t.key.split('.'));
    const labels = this.labelsOf(t);
    add(this.labelPaths, labels);
    add(this.labelPaths, [t.kind, ...labels]);
  }

  resolve(p: string[]): Term | null {
    const k = p.map(norm).join('\u0000');
    const t = this.byPath.get(k) ?? this.labelPaths.get(k);
    return t ? this.live(t) : null;
  }

  byKey(kind: Term['kind'], key: string): Term | null {
    const t = this.byPath.get(key.split('.').map(norm).join('\u0000'));
    return t && t.kind === kind ? this.live(t) : null;
  }

  /** A live term of this kind whose label (or key, or last key segment) is `name`. */
  byName(kind: Term['kind'], name: string): Term | null {
    const n = norm(name);
    const hit = [...this.byId.values()].find(
      (t) => t.kind === kind && t.mergedInto === null && (norm(t.label) === n || norm(t.key) === n || norm(t.key.split('.').at(-1)!) === n),
    );
    return hit ?? null;
  }

  /** A free tag (nested under the path's earlier components), created where missing (null past the cap). */
  ensureTag(p: string[]): Term | null {
    const labels = p.length > 1 && norm(p[0]!) === 'tag' ? p.slice(1) : p;
    let parent: Term | null = null;
    for (const raw of labels) {
      const label = cut(raw, MAX_LABEL);
      const parentId: number | null = parent ? parent.id : null;
      const found: Term | undefined = [...this.byId.values()].find((t) => t.kind === 'tag' && t.mergedInto === null && t.parentId === parentId && norm(t.label) === norm(label));
      parent = found ?? this.create({ kind: 'tag', label, parentId });
      if (!parent) return null;
    }
    return parent;
  }

  /** A class or damage term named in our own sidecar but missing here (a custom term of the archive that wrote it). */
  ensure(kind: 'class' | 'damage', key: string | null, label: string | null): Term | null {
    const known = (key && this.byKey(kind, key)) || (label && this.byName(kind, label)) || null;
    if (known || !label) return known;
    const parentKey = kind === 'class' && key?.includes('.') ? key.slice(0, key.lastIndexOf('.')) : null;
    const parent = parentKey ? this.byKey('class', parentKey) : null;
    return this.create({ kind, label: cut(label, MAX_LABEL), parentId: parent?.id ?? null });
  }

  private create(input: { kind: Term['kind']; label: string; parentId: number | null }): Term | null {
    if (this.created >= MAX_NEW_TERMS_PER_SIDECAR) {
      this.refused.push(input.label);
      return null;
    }
    this.created++;
    const term = addTerm(this.db, { ...input, colour: null, shortcut: null });
    this.editor.note('term.add', `Add ${term.kind} term "${term.label}" (from a sidecar)`, null, term, term.id);
    this.byId.set(term.id, term);
    this.index(term);
    return term;
  }
}

// ---- Applying to a newly catalogued photo ----

export interface SidecarOutcome {
  applied: boolean;
  problem: string | null;
  /** Sidecars that were not used: the one that failed, and any second sidecar of the same photo. */
  notUsed: number;
}

/**
 * Applies a sidecar to a photo catalogued a moment ago, inside the caller's transaction (the photo's
 * own): everything it contributes or nothing. A sidecar that cannot be read, or whose content cannot
 * be applied, is recorded in the photo's history as a problem; the photo stays imported either way.
 */
export function applySidecar(db: Db, photoId: number, read: SidecarRead): SidecarOutcome {
  const editor = new Editor(db, () => SIDECAR_ACTOR);
  const name = path.basename(read.path);
  // A second sidecar is listed under Import problems (it was not read), naming the one that was.
  const others = read.others ?? [];
  for (const other of others) {
    const reason = `${name} beside it was read instead; both exist, and only one is read (merge them, or remove one, and import again)`;
    editor.note('sidecar.problem', `Sidecar ${path.basename(other)} not used: ${reason}`, null, { path: other, reason }, null, photoId);
  }
  const problem = (reason: string): SidecarOutcome => {
    editor.note('sidecar.problem', `Sidecar ${name} not used: ${reason}`, null, { path: read.path, reason }, null, photoId);
    return { applied: false, problem: reason, notUsed: 1 + others.length };
  };
  if ('problem' in read) return problem(read.problem);
  try {
    return { ...db.transaction(() => applyContent(db, editor, photoId, read))(), notUsed: others.length };
  } catch (err) {
    return problem(`its content could not be applied (${(err as Error).message})`);
  }
}

function applyContent(db: Db, editor: Editor, photoId: number, read: Extract<SidecarRead, { props: XmpProps }>): Omit<SidecarOutcome, 'notUsed'> {
  const photo = getDetail(db, photoId)!;
  const content = interpretSidecar(read.props, photo);
  const vocab = new VocabularyIndex(db, editor);
  const changes: Change[] = [];

  // Fields: only where the sidecar says something other than the image itself.
  const own: Partial<Record<MetaField, string | null>> = { ...photo.fromFile, lat: null, lon: null };
  const gpsSame =
    photo.gps !== null && content.fields.lat !== undefined && content.fields.lon !== undefined &&
    Math.abs(photo.gps.lat - Number(content.fields.lat)) < 1e-6 && Math.abs(photo.gps.lon - Number(content.fields.lon)) < 1e-6;
  const meta = metaOf(db, photoId);
  for (const [f, value] of Object.entries(content.fields) as Array<[MetaField, string]>) {
    if (own[f] === value || ((f === 'lat' || f === 'lon') && gpsSame) || meta[f] === value) continue;
    changes.push({ action: 'meta.set', photoId, entityId: null, old: { field: f, value: meta[f] ?? null }, new: { field: f, value } });
  }

  // Keywords -> photo tags.
  const tagIds = new Set<number>();
  const explained = new Set<string>();
  for (const p of content.keywordPaths) {
    const term = vocab.resolve(p) ?? vocab.ensureTag(p);
    if (!term) continue;
    tagIds.add(term.id);
    for (const c of p) explained.add(norm(c));
    explained.add(norm(term.label));
  }
  for (const k of content.flatKeywords) {
    // Lightroom and digiKam repeat each level of a hierarchical keyword as a flat one.
    if (explained.has(norm(k))) continue;
    const term = vocab.resolve([k]) ?? vocab.ensureTag([k]);
    if (!term) continue;
    tagIds.add(term.id);
    explained.add(norm(k));
  }
  for (const t of tagIds) changes.push({ action: 'tag.add', photoId, entityId: t, old: false, new: true });

  // Regions: their ids are handed out inside the commit's transaction (below).
  const now = new Date().toISOString();
  const regionStates: RegionState[] = [];
  for (const r of content.regions) {
    const cls =
      (r.classKey && vocab.ensure('class', r.classKey, r.classNames[0] ?? null)) ||
      r.classNames.map((n) => vocab.byName('class', n)).find((t) => t) ||
      r.iptcTypes.map((t) => Object.entries(IPTC_TYPE_OF_CLASS).find(([, iptc]) => iptc === t)?.[0]).map((k) => (k ? vocab.byKey('class', k) : null)).find((t) => t) ||
      null;
    const damageIds = [...new Set(r.damage.map((d) => vocab.ensure('damage', d.key, d.label)?.id).filter((id): id is number => id !== undefined))];
    const classNamed = cls !== null && r.name !== null && vocab.byName('class', r.name)?.id === cls.id;
    const note = r.note || (r.name && !classNamed ? cut(r.name, MAX_TEXT) : '');
    const state: RegionState = {
      photoId,
      geometry: r.geometry,
      classId: cls?.id ?? null,
      damageIds: damageIds.sort((a, b) => a - b),
      severity: r.severity,
      confidence: r.confidence,
      note,
      createdAt: r.createdAt ?? now,
      updatedAt: now,
    };
    regionStates.push(state);
  }

  const notes = [...content.notes];
  if (vocab.refused.length) {
    const n = vocab.refused.length;
    notes.push(
      `only ${MAX_NEW_TERMS_PER_SIDECAR} new vocabulary terms may come from one sidecar; ${n} more ${n === 1 ? 'was' : 'were'} left out ` +
        `(${vocab.refused.slice(0, 5).map((l) => JSON.stringify(l)).join(', ')}${n > 5 ? ', …' : ''})`,
    );
  }
  if (content.originalSha256 && photo.sha256 && content.originalSha256.toLowerCase() !== photo.sha256) {
    notes.push(`the sidecar was written for a file with SHA-256 ${content.originalSha256}, not this one's`);
  }
  const counts = [
    `${changes.filter((c) => c.action === 'meta.set').length} fields`,
    `${tagIds.size} tags`,
    `${content.regions.length} regions`,
  ].join(', ');
  editor.note(
    'sidecar.read',
    `Read sidecar ${path.basename(read.path)} (${counts})${notes.length ? `; not taken: ${notes.join('; ')}` : ''}`,
    null,
    { path: read.path, sha256: read.sha256, ours: content.ours, notes },
    null,
    photoId,
  );
  editor.commit(() => {
    let nextId = nextRegionId(db);
    return [...changes, ...regionStates.map((state): Change => ({ action: 'region.create', photoId, entityId: nextId++, old: null, new: state }))];
  }, `From sidecar ${path.basename(read.path)}: ${counts}`);
  return { applied: true, problem: null };
}
