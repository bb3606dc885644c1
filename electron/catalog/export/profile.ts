// Export profiles: what an export carries. "full" is the organisation's own record (everything, as
// collected). "share" is for material that leaves the organisation: it keeps only what concerns the
// exported photos (their terms and the terms' parents, their history, albums holding them, saved
// searches that find them), turns every absolute path into one relative to the photo's import
// folder (or a bare file name), names people as they named themselves or as pseudonyms (an OS
// account name is never a name someone gave, so it always becomes a pseudonym), and leaves out the
// fields the user ticked. It works on the ExportSet, so every format gets the same treatment.
import { UNNAMED_ACTOR } from '../custody/record';
import path from 'node:path';
import { DEFAULT_SHARE, profileOf, type ExportLeftOut, type ExportOptions, type HistoryEntry, type MetaField, type PhotoDetail, type ShareRemovable, type Term } from '../../../shared/api';
import type { Archive } from '../archive';
import { SIDECAR_ACTOR } from '../sidecars';
import type { ExportPhoto, ExportSet } from './collect';

/** Actors that are the software, not a person: kept as they are. */
const SYSTEM_ACTORS = new Set([SIDECAR_ACTOR]);

/** Removable choices that are descriptive fields (a meta field and, for some, the file's own value). */
const META_REMOVABLE: ReadonlySet<string> = new Set<MetaField>([
  'title', 'caption', 'credit', 'copyright', 'sublocation', 'city', 'region', 'country', 'countryCode', 'event', 'source', 'provenance',
]);
const FILE_FIELDS = ['title', 'caption', 'creator', 'credit', 'copyright'] as const;

export interface ProfileContext {
  /** The folders (or files) given to each import, as recorded in the catalogue. */
  importRoots: string[];
  /** The OS account running the app (never written to a share export). */
  accountName: string;
  homeDir: string;
}

export interface ProfiledSet {
  set: ExportSet;
  leftOut: ExportLeftOut;
}

/** Import roots recorded in the catalogue (each import's roots_json), as folders. */
export function importRootsOf(archive: Archive): string[] {
  const rows = archive.db.prepare('SELECT roots_json FROM imports').pluck().all() as string[];
  const roots = new Set<string>();
  for (const json of rows) {
    try {
      for (const r of JSON.parse(json) as unknown[]) if (typeof r === 'string' && path.isAbsolute(r)) roots.add(path.resolve(r));
    } catch {
      // a damaged row names no root; paths under it fall back to bare file names
    }
  }
  return [...roots];
}

/**
 * Turns absolute paths into paths relative to the folder they were imported from, or into a bare
 * file name when no import folder holds them. Roots given as files (a single photo imported) count
 * as their folder.
 */
export class PathScrubber {
  private readonly roots: string[];

  constructor(roots: string[], extraFolders: string[]) {
    const all = [...roots.map((r) => (path.extname(r) ? path.dirname(r) : r)), ...extraFolders];
    // Longest first, so a nested import root wins over the folder holding it.
    this.roots = [...new Set(all.filter((r) => r && r !== path.parse(r).root).map((r) => r.replace(/[\\/]+$/, '')))].sort((a, b) => b.length - a.length);
  }

  /** One path: relative to its import root, else its file name. */
  path(p: string): string {
    for (const r of this.roots) {
      if (p.startsWith(r + '/') || p.startsWith(r + '\\')) return p.slice(r.length + 1);
    }
    return path.basename(p.replace(/\\/g, '/'));
  }

  /** Any text: each absolute path in it made relative (known roots first, then anything that still looks absolute). */
  text(s: string): string {
    if (isWholePath(s)) return this.path(s);
    let out = s;
    for (const r of this.roots) out = out.split(r + '/').join('').split(r + '\\').join('');
    // What is left and still looks like an absolute path (/x/y, C:\x, \\server\x) keeps only its last part.
    // (A URL's "//" is not a path: "https://x/y" stays as it is.)
    return out.replace(/(^|[\s"'(=,[])((?:\/(?!\/)|[A-Za-z]:\\|\\\\)[^\s"'<>|)\]]+)/g, (_m, pre: string, p: string) => pre + path.basename(p.replace(/\\/g, '/')));
  }
}

function isWholePath(s: string): boolean {
  return !/[\r\n]/.test(s) && (/^\/[^/]/.test(s) || /^[A-Za-z]:\\/.test(s) || /^\\\\/.test(s));
}

/** Every string in a JSON value passed through `f`, and keys in `drop` removed from objects. */
function mapJson(v: unknown, f: (s: string) => string, drop: ReadonlySet<string>): unknown {
  if (typeof v === 'string') return f(v);
  if (Array.isArray(v)) return v.map((x) => mapJson(x, f, drop));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (!drop.has(k)) out[k] = mapJson(x, f, drop);
    return out;
  }
  return v;
}

/** The terms the photos use (tags, region classes, damage types), their parents up to the top, and what they were merged into. */
function usedTerms(photos: ExportPhoto[], vocabulary: Term[]): Set<number> {
  const byId = new Map(vocabulary.map((t) => [t.id, t]));
  const keep = new Set<number>();
  const add = (id: number | null) => {
    for (let t = id === null ? undefined : byId.get(id); t && !keep.has(t.id); t = t.parentId === null ? undefined : byId.get(t.parentId)) {
      keep.add(t.id);
      if (t.mergedInto !== null) add(t.mergedInto);
    }
  };
  for (const p of photos) {
    p.tags.forEach((t) => add(t.id));
    for (const r of p.regions) {
      add(r.classId);
      r.damageIds.forEach(add);
    }
  }
  return keep;
}

/** Keys inside history values that a ticked removal takes out too. */
function droppedKeys(remove: ReadonlySet<ShareRemovable>): Set<string> {
  const keys = new Set<string>();
  if (remove.has('gps')) ['gps', 'lat', 'lon', 'alt', 'latitude', 'longitude', 'gpsLat', 'gpsLon'].forEach((k) => keys.add(k));
  if (remove.has('serials')) ['bodySerial', 'lensSerial', 'serialNumber', 'lensSerialNumber'].forEach((k) => keys.add(k));
  if (remove.has('notes')) keys.add('note');
  if (remove.has('camera')) ['make', 'model', 'lens', 'software'].forEach((k) => keys.add(k));
  if (remove.has('captureTime')) ['capture', 'takenAt', 'correctedAt', 'clock'].forEach((k) => keys.add(k));
  for (const f of remove) if (META_REMOVABLE.has(f) || f === 'creator') keys.add(f);
  return keys;
}

/** The meta fields a ticked removal clears (gps: the user's latitude and longitude). */
function droppedMeta(remove: ReadonlySet<ShareRemovable>): Set<string> {
  const out = new Set<string>();
  for (const f of remove) if (META_REMOVABLE.has(f) || f === 'creator') out.add(f);
  if (remove.has('gps')) ['lat', 'lon'].forEach((f) => out.add(f));
  return out;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

function cleanPhoto(photo: PhotoDetail, remove: ReadonlySet<ShareRemovable>, scrub: PathScrubber): PhotoDetail {
  // Removing capture times removes the camera clock correction (what the camera said) too.
  const { clock, correctedAt, ...rest } = photo;
  const p: PhotoDetail = remove.has('captureTime') ? rest : { ...rest, ...(clock ? { clock } : {}), ...(correctedAt ? { correctedAt } : {}) };
  const fromFile = { ...p.fromFile };
  for (const f of FILE_FIELDS) if (remove.has(f)) fromFile[f] = null;
  return {
    ...p,
    sourcePath: scrub.path(p.sourcePath),
    error: p.error === null ? null : scrub.text(p.error),
    gps: remove.has('gps') ? null : p.gps,
    bodySerial: remove.has('serials') ? null : p.bodySerial,
    lensSerial: remove.has('serials') ? null : p.lensSerial,
    make: remove.has('camera') ? null : p.make,
    model: remove.has('camera') ? null : p.model,
    lens: remove.has('camera') ? null : p.lens,
    software: remove.has('camera') ? null : p.software,
    capture: remove.has('captureTime') ? null : p.capture,
    takenAt: remove.has('captureTime') ? null : p.takenAt,
    fromFile,
  };
}

/** Applies the export's profile to a collected set; `full` passes it through unchanged. */
export function applyProfile(set: ExportSet, options: ExportOptions, ctx: ProfileContext): ProfiledSet {
  const actorsSeen = [...new Set(set.history.map((h) => h.actor))];
  if (profileOf(options) === 'full') {
    return {
      set,
      leftOut: { profile: 'full', photos: set.photos.length, items: [], copies: 0, actors: actorsSeen.map((a) => ({ actor: a, as: a })) },
    };
  }
  const share = options.share ?? DEFAULT_SHARE;
  const remove = new Set(share.remove);
  const scrub = new PathScrubber(ctx.importRoots, [set.archiveDir, ctx.homeDir]);
  const items: string[] = [];

  // Vocabulary: what these photos use, with parents.
  const keepTerms = usedTerms(set.photos, set.vocabulary);
  const vocabulary = set.vocabulary.filter((t) => keepTerms.has(t.id));
  if (vocabulary.length < set.vocabulary.length) items.push(`${plural(set.vocabulary.length - vocabulary.length, 'vocabulary term')} not used by these photos`);

  // History: the photos' own entries, and vocabulary entries about the terms kept; nothing else.
  const mentionsKeptTerm = (h: HistoryEntry) =>
    /^(undo |redo )?term\./.test(h.action) &&
    [h.oldValue, h.newValue].some((v) => v !== null && typeof v === 'object' && keepTerms.has((v as { id?: unknown }).id as number));
  const metaGone = droppedMeta(remove);
  const fieldOf = (h: HistoryEntry) => ((h.newValue ?? h.oldValue) as { field?: unknown } | null)?.field;
  let otherHistory = 0;
  let fieldHistory = 0;
  const kept = set.history.filter((h) => {
    if (h.photoId === null ? !mentionsKeptTerm(h) : false) {
      otherHistory++;
      return false;
    }
    const field = h.action.endsWith('meta.set') ? fieldOf(h) : undefined;
    if (typeof field === 'string' && metaGone.has(field)) {
      fieldHistory++;
      return false;
    }
    return true;
  });
  if (otherHistory) items.push(`${plural(otherHistory, 'history entry', 'history entries')} about other photos, albums or the vocabulary`);
  if (fieldHistory) items.push(`${plural(fieldHistory, 'history entry', 'history entries')} recording the removed fields`);

  // Actors: the names people gave, or pseudonyms; never the OS account name.
  const pseudonyms = new Map<string, string>();
  const actorName = (a: string) => {
    if (SYSTEM_ACTORS.has(a)) return a;
    // The OS account (older entries) and the unnamed placeholder are not names anyone gave: pseudonyms.
    if (share.actors === 'names' && a !== ctx.accountName && a !== UNNAMED_ACTOR && a.trim() !== '') return a;
    let p = pseudonyms.get(a);
    if (!p) pseudonyms.set(a, (p = `Annotator ${pseudonyms.size + 1}`));
    return p;
  };
  const keys = droppedKeys(remove);
  const history = kept.map((h) => ({
    ...h,
    actor: actorName(h.actor),
    description: scrub.text(h.description),
    oldValue: mapJson(h.oldValue, (s) => scrub.text(s), keys),
    newValue: mapJson(h.newValue, (s) => scrub.text(s), keys),
  }));
  const actors = [...new Set(kept.map((h) => h.actor))].map((a) => ({ actor: a, as: actorName(a) }));
  if (pseudonyms.size) items.push(`${plural(pseudonyms.size, 'person', 'people')} named by pseudonym (${[...pseudonyms.values()].join(', ')})`);

  // Photos: paths made relative, ticked fields cleared.
  const photos = set.photos.map((p): ExportPhoto => {
    const meta = { ...p.meta };
    for (const f of metaGone) delete meta[f as MetaField];
    return {
      ...p,
      photo: cleanPhoto(p.photo, remove, scrub),
      meta,
      regions: remove.has('notes') ? p.regions.map((r) => ({ ...r, note: '' })) : p.regions,
    };
  });
  const absolute = set.photos.filter((p) => path.isAbsolute(p.photo.sourcePath)).length;
  if (absolute) items.push(`the folders of ${plural(absolute, 'photo')} (paths are given relative to the folder they were imported from)`);
  const count = (pred: (p: ExportPhoto) => boolean) => set.photos.filter(pred).length;
  const removed: Array<[ShareRemovable, string, number]> = [
    ['gps', 'GPS positions', count((p) => p.photo.gps !== null || Boolean(p.meta.lat))],
    ['serials', 'camera and lens serial numbers', count((p) => Boolean(p.photo.bodySerial || p.photo.lensSerial))],
    ['creator', 'creator names', count((p) => Boolean(p.meta.creator || p.photo.fromFile.creator))],
    ['notes', 'region notes', count((p) => p.regions.some((r) => r.note !== ''))],
    ['camera', 'camera make, model, lens and software', count((p) => Boolean(p.photo.make || p.photo.model || p.photo.lens))],
    ['captureTime', 'capture times', count((p) => p.photo.capture !== null)],
  ];
  for (const [k, what, n] of removed) if (remove.has(k) && n) items.push(`${what} of ${plural(n, 'photo')}`);
  for (const f of remove) {
    if (!META_REMOVABLE.has(f)) continue;
    const n = count((p) => Boolean(p.meta[f as MetaField]) || (f in p.photo.fromFile && Boolean(p.photo.fromFile[f as (typeof FILE_FIELDS)[number]])));
    if (n) items.push(`the ${f} of ${plural(n, 'photo')}`);
  }

  // Collections: albums holding these photos (their other members were never collected), saved searches finding them.
  const collections = set.collections.filter((c) => (c.kind === 'search' ? c.finds > 0 : c.photoIds.length > 0));
  const droppedCollections = set.collections.length - collections.length;
  if (droppedCollections) items.push(`${plural(droppedCollections, 'album or saved search', 'albums and saved searches')} that hold or find none of these photos`);

  // The chain's per-entry links hold each entry's exact original text (paths, account names): a share
  // export carries only the chain head, since its entries are rewritten and cannot be re-hashed anyway.
  const custody = set.custody ? { ...set.custody, links: [] } : undefined;
  if (set.custody?.links.length) items.push(`the history chain's per-entry links (${set.custody.links.length}): only the chain head travels, since shared entries are rewritten`);

  // Sites and incidents: only those of these photos (a whole-archive export collects every one).
  const sites = set.sites && { sites: set.sites.sites.filter((s) => s.photoIds.length > 0), incidents: set.sites.incidents.filter((i) => i.photoIds.length > 0) };
  const droppedSites = set.sites ? set.sites.sites.length + set.sites.incidents.length - sites!.sites.length - sites!.incidents.length : 0;
  if (droppedSites) items.push(`${plural(droppedSites, 'site or incident', 'sites and incidents')} linked to none of these photos`);

  const copies = set.photos.filter((p) => needsCopy(p, remove)).length;
  return {
    set: { ...set, photos, vocabulary, history, collections, share, custody, sites },
    leftOut: { profile: 'share', photos: set.photos.length, items, copies, actors },
  };
}

/**
 * A share export sends a re-rendered copy instead of the original bytes when the original carries
 * something the profile removes: a region marked "redact", or GPS, serial numbers, camera or
 * creator in the file's own metadata.
 */
export function needsCopy(p: ExportPhoto, remove: ReadonlySet<ShareRemovable>): boolean {
  if (p.regions.some((r) => r.redact !== null && r.redactState === 'confirmed')) return true;
  if (remove.has('gps') && p.photo.gps !== null) return true;
  if (remove.has('serials') && Boolean(p.photo.bodySerial || p.photo.lensSerial)) return true;
  if (remove.has('camera') && Boolean(p.photo.make || p.photo.model)) return true;
  if (remove.has('creator') && p.photo.fromFile.creator) return true;
  if (remove.has('captureTime') && p.photo.capture !== null) return true;
  return false;
}
