// Export format "xmp": one XMP sidecar per photo, named like the original plus ".xmp"
// (IMG_1.jpg -> IMG_1.jpg.xmp, as digiKam and darktable name them), readable by exiftool, digiKam,
// Lightroom, Photo Mechanic and this app's own import.
//
// Choices a reader needs to know:
// - Descriptive fields are the ones the app shows: the user's value, else the file's own IPTC/XMP.
// - Region coordinates (IPTC Image Region and MWG regions alike) are relative to the STORED image, as
//   encoded, before EXIF orientation, and mwg-rs:AppliedToDimensions is the stored size (MWG
//   Guidelines 2.0, 5.9: a reader applies the Orientation to the regions as it does to the pixels).
//   ExifTool's convert_regions.config moves rectangles between IPTC and MWG without rotating them, so
//   the two blocks must share a frame. The archive itself keeps the displayed frame; see ../image-frame.ts.
//   Sidecar version 1 (before this) wrote the displayed frame; our import still reads those as such.
// - Damage types, severity, confidence and note have no standard home, so they are region
//   properties in our own namespace (prefix "dma", declared in the document; see ../xmp-ns.ts).
// - Keywords: lr:hierarchicalSubject label paths (as Lightroom and digiKam write them, leaves = the
//   dc:subject labels) for photo tags and for every region's class and damage types; dma:PhotoTags
//   says which paths are photo tags (exact labels, "|" escaped as "\|"), so our own import does not
//   turn a region's class into a photo tag and a label containing "|" comes back as it was.
import fs from 'node:fs/promises';
import path from 'node:path';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import type { Term } from '../../../shared/api';
import { escapedPath, hierarchicalSubject, IPTC_REGION_ROLE_AREA_OF_INTEREST, IPTC_REGION_TYPE, IPTC_TYPE_OF_CLASS, keywordPath, NS, xmpGpsCoordinate, type Prefix } from '../xmp-ns';
import { exifToIsoLocal } from '../metadata';
import { clockOffsetText } from '../clock';
import { mapGeometry, storedSize } from '../image-frame';
import type { ExportPhoto, ExportRegion, ExportSet, ExportTerm } from './collect';
import { Attribution, effectiveField, forEachPhoto, GENERATOR_NAME, num, positionOf, severityLabel, uuidV5 } from './annotation-data';
import type { ExportWriter } from './writer';
import { EXIFTOOL_CONFIG, EXIFTOOL_CONFIG_NAME } from './exiftool-config';

/** Bumped when what our own properties mean changes; its presence marks a sidecar written by this app. */
export const SIDECAR_VERSION = '2';

/** Declared on the description whether used or not: a fixed header is easier to read and diff. */
const DECLARED: Prefix[] = ['dc', 'xmp', 'photoshop', 'Iptc4xmpCore', 'Iptc4xmpExt', 'lr', 'exif', 'mwg-rs', 'stArea', 'stDim', 'dma'];

/**
 * A coordinate exactly as the archive stores it (JavaScript's shortest round-trip form), so reading
 * the sidecar back gives the same number. Only values under 1e-6, which JavaScript would write in
 * exponent notation (not an XMP Real), are written as plain decimals instead.
 */
function coord(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`Not a finite coordinate: ${v}`);
  const s = String(v);
  return /e/i.test(s) ? num(v, 20) : s;
}

/**
 * Characters XML 1.0 cannot carry at all (control characters, lone surrogates) become U+FFFD, so a
 * hostile caption cannot make the sidecar unreadable. Everything else is escaped by xmlbuilder2.
 */
function xmlText(s: string): string {
  return s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
}

type Node = XMLBuilder;

function el(parent: Node, prefix: Prefix, name: string): Node {
  return parent.ele(NS[prefix], `${prefix}:${name}`);
}

function simple(parent: Node, prefix: Prefix, name: string, value: string | null | undefined): void {
  if (value === null || value === undefined || value === '') return;
  el(parent, prefix, name).txt(xmlText(value));
}

/** A Lang Alt with only the default language (what IPTC tools write for a single-language value). */
function langAlt(parent: Node, prefix: Prefix, name: string, value: string | null | undefined): void {
  if (value === null || value === undefined || value === '') return;
  el(el(el(parent, prefix, name), 'rdf', 'Alt'), 'rdf', 'li').att(NS.xml, 'xml:lang', 'x-default').txt(xmlText(value));
}

function array(parent: Node, prefix: Prefix, name: string, kind: 'Bag' | 'Seq', values: string[]): void {
  if (values.length === 0) return;
  const list = el(el(parent, prefix, name), 'rdf', kind);
  for (const v of values) el(list, 'rdf', 'li').txt(xmlText(v));
}

/** A structure property (rdf:parseType="Resource"), returned for its fields to be added. */
function struct(parent: Node, prefix: Prefix, name: string): Node {
  return el(parent, prefix, name).att(NS.rdf, 'rdf:parseType', 'Resource');
}

/** An rdf:Bag/Seq of structures; returns a function adding one item. */
function structArray(parent: Node, prefix: Prefix, name: string, kind: 'Bag' | 'Seq'): () => Node {
  const list = el(el(parent, prefix, name), 'rdf', kind);
  return () => el(list, 'rdf', 'li').att(NS.rdf, 'rdf:parseType', 'Resource');
}

/** An IPTC Entity (used by rCtype and rRole): identifiers (xmp:Identifier, as IPTC defines the Entity) and a name. */
function entity(add: () => Node, identifiers: string[], name: string): void {
  const e = add();
  array(e, 'xmp', 'Identifier', 'Bag', identifiers);
  langAlt(e, 'Iptc4xmpExt', 'Name', name);
}

/** The file's capture time as XMP's photoshop:DateCreated (ISO 8601, with the offset when the file gave one). */
function dateCreated(p: ExportPhoto): string | null {
  const c = p.photo.capture;
  if (!c) return null;
  if (c.source.startsWith('XMP')) return c.raw;
  if (!/^\d{4}:\d{2}:\d{2} \d{2}:\d{2}:\d{2}$/.test(c.raw)) return null;
  return `${exifToIsoLocal(c.raw)}${c.subSec ? `.${c.subSec}` : ''}${c.offset ?? ''}`;
}

const attributions = new WeakMap<ExportSet, Attribution>();
const vocabularies = new WeakMap<ExportSet, Map<number, Term>>();

function memo<T>(cache: WeakMap<ExportSet, T>, set: ExportSet, make: () => T): T {
  let v = cache.get(set);
  if (v === undefined) {
    v = make();
    cache.set(set, v);
  }
  return v;
}

/** Keyword paths and labels of the photo's tags and its regions' classes and damage types, without repeats. */
function keywords(p: ExportPhoto, byId: Map<number, Term>): { tagPaths: string[]; allPaths: string[]; labels: string[] } {
  const pathOf = (t: ExportTerm) => {
    const term = byId.get(t.id);
    return hierarchicalSubject(term ? keywordPath(term, byId) : [t.label]);
  };
  const tagPaths = [...new Set(p.tags.map((t) => {
    const term = byId.get(t.id);
    return term ? escapedPath(term, byId) : t.label;
  }))];
  const terms = [...p.tags, ...p.regions.flatMap((r) => [...(r.class ? [r.class] : []), ...r.damage])];
  return { tagPaths, allPaths: [...new Set(terms.map(pathOf))], labels: [...new Set(terms.map((t) => t.label))] };
}

function regionId(p: ExportPhoto, r: ExportRegion): string {
  return uuidV5(`${p.photo.sha256 ?? `photo-${p.photo.id}`}:region:${r.id}`);
}

function iptcRegion(add: () => Node, p: ExportPhoto, r: ExportRegion, attribution: Attribution): void {
  const li = add();
  const boundary = struct(li, 'Iptc4xmpExt', 'RegionBoundary');
  const g = mapGeometry(r.geometry, p.photo.orientation, 'toStored');
  simple(boundary, 'Iptc4xmpExt', 'rbShape', g.type === 'rect' ? 'rectangle' : 'polygon');
  simple(boundary, 'Iptc4xmpExt', 'rbUnit', 'relative');
  if (g.type === 'rect') {
    simple(boundary, 'Iptc4xmpExt', 'rbX', coord(g.x));
    simple(boundary, 'Iptc4xmpExt', 'rbY', coord(g.y));
    simple(boundary, 'Iptc4xmpExt', 'rbW', coord(g.w));
    simple(boundary, 'Iptc4xmpExt', 'rbH', coord(g.h));
  } else {
    const vertex = structArray(boundary, 'Iptc4xmpExt', 'rbVertices', 'Seq');
    for (const [x, y] of g.points) {
      const v = vertex();
      simple(v, 'Iptc4xmpExt', 'rbX', coord(x));
      simple(v, 'Iptc4xmpExt', 'rbY', coord(y));
    }
  }
  simple(li, 'Iptc4xmpExt', 'rId', regionId(p, r));
  // The gist in standard fields, so it survives any IPTC-aware tool that does not know our namespace:
  // the region's Name reads as a sentence, rCtype lists what is shown (class and damage types), rRole
  // says it is an assessed area, with severity and confidence as identifiers.
  langAlt(li, 'Iptc4xmpExt', 'Name', regionGist(r));
  const ctype = structArray(li, 'Iptc4xmpExt', 'rCtype', 'Bag');
  if (r.class) {
    const top = r.class.parentKey ?? r.class.key;
    const iptcType = IPTC_TYPE_OF_CLASS[top];
    entity(ctype, [...(iptcType ? [IPTC_REGION_TYPE + iptcType] : []), `${NS.dma}class:${r.class.key}`], r.class.label);
  }
  for (const d of r.damage) entity(ctype, [`${NS.dma}damage:${d.key}`], d.label);
  const role = structArray(li, 'Iptc4xmpExt', 'rRole', 'Bag');
  entity(role, [IPTC_REGION_ROLE_AREA_OF_INTEREST], 'area of interest');
  if (r.severity !== null || r.confidence !== null) {
    entity(
      role,
      [...(r.severity !== null ? [`${NS.dma}severity:${r.severity}`] : []), ...(r.confidence ? [`${NS.dma}confidence:${r.confidence}`] : [])],
      `damage assessment: ${[severityWord(r), r.confidence].filter(Boolean).join(', ')}`,
    );
  }
  // Any top-level XMP property may describe a region (IPTC 2019.1); dc:description is one every tool knows.
  langAlt(li, 'dc', 'description', r.note);
  // Our own region properties: what a damage assessment needs and IPTC has no field for.
  if (r.class) {
    const c = struct(li, 'dma', 'Class');
    simple(c, 'dma', 'Key', r.class.key);
    simple(c, 'dma', 'Label', r.class.label);
  }
  if (r.damage.length > 0) {
    const add = structArray(li, 'dma', 'Damage', 'Bag');
    for (const d of r.damage) {
      const item = add();
      simple(item, 'dma', 'Key', d.key);
      simple(item, 'dma', 'Label', d.label);
    }
  }
  if (r.severity !== null) {
    simple(li, 'dma', 'Severity', String(r.severity));
    simple(li, 'dma', 'SeverityLabel', severityLabel(r.severity));
  }
  simple(li, 'dma', 'Confidence', r.confidence);
  simple(li, 'dma', 'Note', r.note);
  simple(li, 'dma', 'Created', r.createdAt);
  simple(li, 'dma', 'Creator', attribution.regionCreator(r));
}

/** "4 destroyed" -> "destroyed"; "not assessable" stays. */
function severityWord(r: ExportRegion): string | null {
  return severityLabel(r.severity)?.replace(/^\d+\s+/, '') ?? null;
}

/** A label without its explanation in brackets: "Fire / burn (scorched, burnt-out)" -> "Fire / burn". */
function short(label: string): string {
  return label.replace(/\s*\([^)]*\)\s*$/, '') || label;
}

/** The region in one line, e.g. "Minibus — Fire / burn, destroyed (certain)". */
export function regionGist(r: ExportRegion): string {
  const assessment = [...r.damage.map((d) => short(d.label)), severityWord(r)].filter(Boolean).join(', ');
  const said = [assessment, r.confidence ? `(${r.confidence})` : ''].filter(Boolean).join(' ');
  return `${r.class ? short(r.class.label) : 'Unclassified region'}${said ? ` — ${said}` : ''}`;
}

/** MWG regions (rectangles only: MWG has no polygons). Area x/y are the rectangle's CENTRE. */
function mwgRegions(parent: Node, p: ExportPhoto): void {
  const rects = p.regions.filter((r) => r.geometry.type === 'rect');
  if (rects.length === 0) return;
  const regions = struct(parent, 'mwg-rs', 'Regions');
  if (p.photo.width !== null && p.photo.height !== null) {
    const stored = storedSize(p.photo.width, p.photo.height, p.photo.orientation);
    const dims = struct(regions, 'mwg-rs', 'AppliedToDimensions');
    simple(dims, 'stDim', 'w', String(stored.w));
    simple(dims, 'stDim', 'h', String(stored.h));
    simple(dims, 'stDim', 'unit', 'pixel');
  }
  const add = structArray(regions, 'mwg-rs', 'RegionList', 'Bag');
  for (const r of rects) {
    const g = mapGeometry(r.geometry, p.photo.orientation, 'toStored');
    if (g.type !== 'rect') continue;
    const li = add();
    const area = struct(li, 'mwg-rs', 'Area');
    simple(area, 'stArea', 'x', coord(g.x + g.w / 2));
    simple(area, 'stArea', 'y', coord(g.y + g.h / 2));
    simple(area, 'stArea', 'w', coord(g.w));
    simple(area, 'stArea', 'h', coord(g.h));
    simple(area, 'stArea', 'unit', 'normalized');
    simple(li, 'mwg-rs', 'Name', regionGist(r));
    simple(li, 'mwg-rs', 'Description', r.note);
  }
}

/** The sidecar for one photo, as XMP text (UTF-8 when written). */
export function sidecarXml(p: ExportPhoto, set: ExportSet): string {
  const byId = memo(vocabularies, set, () => new Map(set.vocabulary.map((t) => [t.id, t])));
  const attribution = memo(attributions, set, () => new Attribution(set.history));
  const doc = create();
  doc.ins('xpacket', 'begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"');
  const rdf = el(doc.ele(NS.x, 'x:xmpmeta').att(NS.x, 'x:xmptk', GENERATOR_NAME), 'rdf', 'RDF');
  const d = el(rdf, 'rdf', 'Description').att(NS.rdf, 'rdf:about', '');
  for (const prefix of DECLARED) d.att(NS.xmlns, `xmlns:${prefix}`, NS[prefix]);

  simple(d, 'xmp', 'CreatorTool', GENERATOR_NAME);
  simple(d, 'xmp', 'MetadataDate', set.generatedAt);
  simple(d, 'dma', 'SidecarVersion', SIDECAR_VERSION);
  simple(d, 'dma', 'OriginalSHA256', p.photo.sha256);
  simple(d, 'dma', 'OriginalFileName', p.photo.fileName);

  langAlt(d, 'dc', 'title', effectiveField(p, 'title')?.value);
  langAlt(d, 'dc', 'description', effectiveField(p, 'caption')?.value);
  const creator = effectiveField(p, 'creator')?.value;
  // One entry, as entered: splitting "A; B" would guess at the user's intent.
  array(d, 'dc', 'creator', 'Seq', creator ? [creator] : []);
  simple(d, 'photoshop', 'Credit', effectiveField(p, 'credit')?.value);
  langAlt(d, 'dc', 'rights', effectiveField(p, 'copyright')?.value);
  // The corrected time when the camera clock was corrected (collect.ts); what the camera said, and by
  // how much it was corrected, in our namespace: no standard property means "the uncorrected time".
  simple(d, 'photoshop', 'DateCreated', dateCreated(p));
  if (p.photo.clock && p.photo.capture) {
    simple(d, 'dma', 'CameraDateTime', p.photo.clock.cameraLocal);
    simple(d, 'dma', 'ClockOffset', clockOffsetText(p.photo.clock.offsetSeconds));
  }

  simple(d, 'Iptc4xmpCore', 'Location', p.meta.sublocation);
  simple(d, 'photoshop', 'City', p.meta.city);
  simple(d, 'photoshop', 'State', p.meta.region);
  simple(d, 'photoshop', 'Country', p.meta.country);
  simple(d, 'Iptc4xmpCore', 'CountryCode', p.meta.countryCode);
  langAlt(d, 'Iptc4xmpExt', 'Event', p.meta.event);
  simple(d, 'photoshop', 'Source', p.meta.source);
  // Provenance (how the photo reached the archive) has no IPTC field; photoshop:Source names the
  // supplier, which is a different claim. Kept in our namespace rather than overloading a standard one.
  simple(d, 'dma', 'Provenance', p.meta.provenance);

  const position = positionOf(p);
  if (position) {
    simple(d, 'exif', 'GPSLatitude', xmpGpsCoordinate(position.lat, 'lat'));
    simple(d, 'exif', 'GPSLongitude', xmpGpsCoordinate(position.lon, 'lon'));
    // Whether the position was measured by the camera or entered by a person matters as evidence.
    simple(d, 'dma', 'PositionSource', position.source === 'user' ? 'user-supplied' : 'camera EXIF');
  }

  const kw = keywords(p, byId);
  array(d, 'dc', 'subject', 'Bag', kw.labels);
  array(d, 'lr', 'hierarchicalSubject', 'Bag', kw.allPaths);
  array(d, 'dma', 'PhotoTags', 'Bag', kw.tagPaths);

  if (p.regions.length > 0) {
    const add = structArray(d, 'Iptc4xmpExt', 'ImageRegion', 'Bag');
    for (const r of p.regions) iptcRegion(add, p, r, attribution);
  }
  mwgRegions(d, p);

  doc.ins('xpacket', 'end="w"');
  return doc.end({ prettyPrint: true, headless: true });
}

/**
 * Sidecar file names, in export order. Each is the original's name plus ".xmp". When several photos
 * share a name (compared case-insensitively, as Windows and macOS file systems do), the first in
 * export order keeps the plain name and each later one gets the first 12 hex digits of its SHA-256
 * before the extension: IMG_1.jpg -> IMG_1_3f2a9c1e04bd.jpg.xmp. dma:OriginalSHA256 inside every
 * sidecar names the exact bytes it describes either way.
 */
export function sidecarNames(photos: ExportPhoto[]): string[] {
  const taken = new Set<string>();
  return photos.map((p) => {
    const base = p.photo.fileName.replace(/[\\/\0]/g, '_').replace(/^\.{1,2}$/, '_');
    let name = `${base}.xmp`;
    if (taken.has(name.toLowerCase())) {
      const ext = path.extname(base);
      const tag = (p.photo.sha256 ?? `id${p.photo.id}`).slice(0, 12);
      name = `${base.slice(0, base.length - ext.length)}_${tag}${ext}.xmp`;
    }
    taken.add(name.toLowerCase());
    return name;
  });
}

export const write: ExportWriter = async (set, target, ctx) => {
  // Not recursive: mkdir must fail on anything already there (a planted symlink included), never follow it.
  await fs.mkdir(target);
  // So ExifTool keeps our namespace when it copies these sidecars: exiftool -config damage-archive.config …
  await fs.writeFile(path.join(target, EXIFTOOL_CONFIG_NAME), EXIFTOOL_CONFIG, { encoding: 'utf8', flag: 'wx' });
  const names = sidecarNames(set.photos);
  await forEachPhoto(set, ctx, async (p, i) => {
    await fs.writeFile(path.join(target, names[i]!), sidecarXml(p, set), { encoding: 'utf8', flag: 'wx' });
  });
};
