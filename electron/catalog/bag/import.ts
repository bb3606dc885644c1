// Importing a bag into an archive: validate it (an invalid bag is refused, with every problem
// listed), import its originals through the normal import pipeline (copy mode: hashes, metadata,
// thumbnails and previews made as for any photo), then restore what data/annotations/archive.json
// carries: vocabulary, photo tags, regions, descriptive fields, the history and the collections.
//
// History: the bag's entries are appended as they were recorded (action, actor, time, description,
// old and new values, grouped in change sets as before), tied to the photos' ids here. Their values
// still name the exporting archive's ids (photo, term and region ids): that is what was written
// there, and rewriting a record would defeat it. They are marked as imported by a "bag.import" entry
// per photo and one for the whole bag, written by whoever imports, which give the bag, its
// archive.json hash and the range of history ids it brought in. The restored state itself is written
// directly (not as tag.add/region.create entries under the importer's name), so "who drew this region"
// still reads from the original entries; the bag.import entries record what was restored and any
// value it replaced. Importing the same bag again adds no second copy of its history, regions or tags.
//
// Collections (optional in archive.json: older bags lack them) merge by name: an album of the same
// name here gets the bag's photos added, a missing one is created; a saved search is added unless
// one of that name exists (the same query: nothing to do; another: kept as it is, with a warning).
// These are recorded as the collection API records them (collection.create / collection.add), by
// whoever imports.
import { recordBagCustody } from '../custody/bag-custody';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PhotoQuery, type HistoryEntry, type ImportProgress, type MetaField } from '../../../shared/api';
import { metaOf, nextRegionId, regionsOf, tagsOf, writeMeta, writeRegion, writeTag } from '../annotations';
import { sealedAmong } from '../review/state';
import type { Archive } from '../archive';
import type { Db } from '../db';
import { ARCHIVE_JSON_FORMAT, ArchiveJson, type BagCollection, type BagPhoto, type BagTerm } from '../export/archive-json';
import { runImport, type ImportOptions } from '../importer';
import * as collections from '../search/collections';
import { findByHash } from '../photos';
import { parseManifest } from './format';
import { safeFileName } from './safe-name';
import { BAG_READ_LIMITS, readRegular } from './safe-read';
import { validateBag, type BagReport } from './validate';
import { restoreSites, type SiteConflict, type SitesImportResult } from './sites-import';

export const ARCHIVE_JSON_PATH = 'data/annotations/archive.json';

export class BagInvalidError extends Error {
  constructor(readonly report: BagReport) {
    super(`${report.bag} is not a valid bag (${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}); nothing was imported.`);
  }
}

export interface BagImportOptions {
  /** Who the history names for the import. */
  actor: string;
  signal?: AbortSignal;
  onImportProgress?: (p: ImportProgress) => void;
  onStage?: (stage: 'validating' | 'importing' | 'restoring') => void;
  /** Called before each file of the bag is hashed while it is validated. */
  onValidateFile?: (relPath: string, index: number, total: number) => void;
  /** Passed on to the import of the originals (the job id its progress carries, limits). */
  import?: Pick<ImportOptions, 'jobId' | 'concurrency' | 'maxPixels' | 'fileTimeoutMs'>;
}

export type BagConflict =
  | {
      type: 'term';
      kind: string;
      key: string;
      differences: string[];
      /** 'added': the bag's term was added as a new term (newKey) and the bag's uses point there; 'mapped': they use the term here. */
      resolution: 'added' | 'mapped';
      newKey: string | null;
    }
  | { type: 'field'; photoId: number; fileName: string; field: string; here: string; inBag: string; resolution: 'kept' }
  | SiteConflict;

export interface BagImportResult {
  bag: string;
  state: 'done' | 'cancelled';
  /** Photos the bag holds, newly imported, and already in this archive (same SHA-256). */
  photos: number;
  imported: number;
  alreadyPresent: number;
  failed: Array<{ path: string; reason: string }>;
  /** False for a bag without archive.json (not made by this app): only its files were imported. */
  restored: boolean;
  /** Bag terms added here, and those mapped to a term already here (unchanged). */
  vocabulary: { added: number; mapped: number };
  /** Where the bag disagrees with this archive; this archive's side was kept in every case (issue 10). */
  conflicts: BagConflict[];
  /** Photo names from the bag that had to be made safe (path separators, "..", control characters, length). */
  renamedFiles: Array<{ inBag: string; usedHere: string }>;
  tags: number;
  regions: number;
  fields: number;
  history: number;
  /** This archive's ids of the bag's photos (new and already present). */
  photoIds: number[];
  /** Collections created here, and albums here that got photos from the bag. */
  collections: { created: number; extended: number };
  /** Sites and incidents added or matched (by uid) and links added; absent before the restore. */
  sites?: Omit<SitesImportResult, 'conflicts'>;
  warnings: string[];
  message: string;
}

/** A path from archive.json, as a file inside the bag's payload folder, or null when it would leave it. */
function payloadFile(bag: string, rel: string): string | null {
  if (!rel.startsWith('data/') || rel.includes('\0') || rel.split('/').some((s) => s === '..' || s === '.' || s === '')) return null;
  return path.join(bag, ...rel.split('/'));
}

export async function importBag(archive: Archive, bagDir: string, opts: BagImportOptions): Promise<BagImportResult> {
  const bag = path.resolve(bagDir);
  opts.onStage?.('validating');
  const report = await validateBag(bag, { signal: opts.signal, onFile: opts.onValidateFile });
  if (!report.valid) throw new BagInvalidError(report);

  const result: BagImportResult = {
    bag, state: 'done', photos: 0, imported: 0, alreadyPresent: 0, failed: [], restored: false,
    vocabulary: { added: 0, mapped: 0 }, conflicts: [], renamedFiles: [], tags: 0, regions: 0, fields: 0, history: 0, photoIds: [], collections: { created: 0, extended: 0 },
    warnings: [...report.warnings], message: '',
  };
  opts.signal?.throwIfAborted();
  // Read only as a regular file of bounded size (the validator has checked it is no link or FIFO, but
  // the bag may have changed since).
  const readInBag = (rel: string, limit: number) =>
    readRegular(path.join(bag, ...rel.split('/')), rel, limit).catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    });
  const jsonBytes = await readInBag(ARCHIVE_JSON_PATH, BAG_READ_LIMITS.archiveJson);
  let doc: ArchiveJson | null = null;
  if (jsonBytes) {
    let raw: unknown;
    try {
      raw = JSON.parse(jsonBytes.toString('utf8'));
    } catch (err) {
      throw new Error(`${ARCHIVE_JSON_PATH} in the bag is not JSON: ${(err as Error).message}`, { cause: err });
    }
    if ((raw as { format?: unknown } | null)?.format !== ARCHIVE_JSON_FORMAT) throw new Error(`${ARCHIVE_JSON_PATH} in the bag is not a ${ARCHIVE_JSON_FORMAT} file.`);
    const parsed = ArchiveJson.safeParse(raw);
    if (!parsed.success) {
      const first = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
      throw new Error(`${ARCHIVE_JSON_PATH} in the bag does not have the expected shape (${first.join('; ')}).`);
    }
    doc = parsed.data;
  }

  // The originals, through the normal import pipeline.
  let files: string[];
  if (doc) {
    files = [];
    // archive.json and the (just verified) manifest must agree on every original's hash: otherwise
    // the annotations would be restored onto other bytes than they were made on.
    const manifest = (await readInBag('manifest-sha256.txt', BAG_READ_LIMITS.manifest))?.toString('utf8') ?? null;
    const listed = new Map(manifest === null ? [] : parseManifest(manifest).entries.map((e) => [e.path, e.checksum]));
    for (const p of doc.photos) {
      const f = payloadFile(bag, p.payloadPath);
      if (!f) throw new Error(`${ARCHIVE_JSON_PATH} names ${JSON.stringify(p.payloadPath)}, which is not a file in the bag's payload.`);
      const checksum = listed.get(p.payloadPath);
      if (manifest !== null && checksum !== p.sha256) {
        throw new Error(
          `${ARCHIVE_JSON_PATH} gives ${p.payloadPath} the SHA-256 ${p.sha256}, but the bag's manifest ${checksum ? `says ${checksum}` : 'does not list it'}; ` +
            'the bag contradicts itself, so nothing was imported.',
        );
      }
      files.push(f);
    }
    files = [...new Set(files)];
  } else {
    // Not one of ours: its payload files are the photos (anything that is not an image is ignored).
    const originals = path.join(bag, 'data', 'originals');
    files = [(await fs.stat(originals).catch(() => null))?.isDirectory() ? originals : path.join(bag, 'data')];
    result.warnings.push(`The bag has no ${ARCHIVE_JSON_PATH}, so only its photos were imported (no annotations to restore).`);
  }
  opts.onStage?.('importing');
  // Custody events (a backup when the archive opened) are not edits: an archive with only those is still new.
  const pristine =
    archive.db.prepare("SELECT (SELECT count(*) FROM photos) + (SELECT count(*) FROM history WHERE action NOT LIKE 'custody.%') AS n").pluck().get() === 0;
  const before = new Set((archive.db.prepare("SELECT sha256 FROM photos WHERE status <> 'error'").all() as Array<{ sha256: string }>).map((r) => r.sha256));
  const run = await runImport(archive, files, { ...opts.import, mode: 'copy', signal: opts.signal, onProgress: opts.onImportProgress });
  const importId = (archive.db.prepare('SELECT max(id) AS id FROM imports').get() as { id: number }).id;
  result.failed = archive.db.prepare("SELECT source_path AS path, error AS reason FROM photos WHERE status = 'error' AND import_id = ?").all(importId) as Array<{
    path: string;
    reason: string;
  }>;
  if (run.state === 'cancelled') {
    result.state = 'cancelled';
    result.imported = run.imported;
    result.message = `Bag import cancelled: ${run.imported} photo${run.imported === 1 ? '' : 's'} imported, nothing restored.`;
    return result;
  }
  if (!doc) {
    result.photos = run.imported + run.duplicates + run.skipped + run.failed;
    result.imported = run.imported;
    result.alreadyPresent = run.duplicates + run.skipped;
    // The bag's photos in this archive: those this import catalogued, and those it found already here.
    const inBag = (p: string) => p.startsWith(bag + path.sep);
    const fresh = archive.db.prepare("SELECT id FROM photos WHERE import_id = ? AND status <> 'error'").all(importId) as Array<{ id: number }>;
    const dupes = (archive.db.prepare('SELECT photo_id AS id, source_path AS path FROM duplicates').all() as Array<{ id: number; path: string }>).filter((d) => inBag(d.path));
    const present = (archive.db.prepare("SELECT id, source_path AS path FROM photos WHERE status <> 'error'").all() as Array<{ id: number; path: string }>).filter((r) => inBag(r.path));
    result.photoIds = [...new Set([...fresh, ...dupes, ...present].map((r) => r.id))].sort((x, y) => x - y);
    result.message = `Imported ${plural(run.imported, 'photo')} from bag ${path.basename(bag)}; it carries no annotations of this app.`;
    recordBagCustody(archive.db, bag, (archive.db.prepare("SELECT id FROM photos WHERE import_id = (SELECT max(id) FROM imports) AND status <> 'error'").all() as Array<{ id: number }>).map((r) => r.id), null, opts.actor);
    return result;
  }

  opts.onStage?.('restoring');
  result.restored = true;
  result.photos = doc.photos.length;
  const photoIds = new Map<string, number>();
  for (const p of doc.photos) {
    const id = findByHash(archive.db, p.sha256);
    if (id === null) {
      if (!result.failed.some((f) => f.path === payloadFile(bag, p.payloadPath))) {
        result.failed.push({ path: p.payloadPath, reason: `no photo with the SHA-256 archive.json gives (${p.sha256}) came out of it` });
      }
      continue;
    }
    photoIds.set(p.sha256, id);
    if (before.has(p.sha256)) result.alreadyPresent++;
    else result.imported++;
  }
  const bagId = createHash('sha256').update(jsonBytes!).digest('hex');
  const fresh = new Set(doc.photos.map((p) => p.sha256).filter((sha) => photoIds.has(sha) && !before.has(sha)));
  archive.db.transaction(() => restore(archive.db, doc, photoIds, fresh, bag, bagId, opts.actor, result, pristine))();
  result.photoIds = [...new Set(photoIds.values())];
  recordBagCustody(archive.db, bag, result.photoIds, doc.custody?.chainHead.hash ?? null, opts.actor);
  result.message = summarize(result);
  return result;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "Imported 7 photos, 4 regions, 12 tags, 40 history entries and 2 collections from bag X." and what else to know. */
function summarize(r: BagImportResult): string {
  const made = r.collections.created + r.collections.extended;
  const what = [plural(r.imported, 'photo'), plural(r.regions, 'region'), plural(r.tags, 'tag'), plural(r.history, 'history entry', 'history entries')];
  if (made) what.push(plural(made, 'collection'));
  if (r.sites?.sites.added) what.push(plural(r.sites.sites.added, 'site'));
  if (r.sites?.incidents.added) what.push(plural(r.sites.incidents.added, 'incident'));
  let text = `Imported ${what.slice(0, -1).join(', ')} and ${what.at(-1)!} from bag ${path.basename(r.bag)}.`;
  if (r.alreadyPresent) text += ` ${plural(r.alreadyPresent, 'photo was', 'photos were')} already in the archive.`;
  if (r.failed.length) text += ` ${plural(r.failed.length, 'file')} could not be imported.`;
  const terms = r.conflicts.filter((c) => c.type === 'term');
  const places = r.conflicts.filter((c) => c.type === 'site' || c.type === 'incident').length;
  const fields = r.conflicts.length - terms.length - places;
  if (terms.length) {
    const added = terms.filter((c) => c.resolution === 'added');
    text +=
      ` ${plural(terms.length, 'term')} of the bag differ from this archive's, which were left as they are` +
      (added.length ? `; ${added.length === 1 ? 'one was' : `${added.length} were`} added as new terms (${added.slice(0, 3).map((c) => c.newKey).join(', ')}${added.length > 3 ? ', …' : ''}), which you can merge if they mean the same.` : '.');
  }
  if (fields) text += ` ${plural(fields, 'field')} already filled here kept ${fields === 1 ? 'its' : 'their'} value (the bag's differs).`;
  if (places) text += ` ${plural(places, 'site or incident', 'sites and incidents')} of the bag differ from this archive's, which were kept as they are.`;
  if (r.renamedFiles.length) text += ` ${plural(r.renamedFiles.length, 'file name')} from the bag had to be made safe.`;
  return text;
}

interface Ctx {
  db: Db;
  actor: string;
  at: string;
  result: BagImportResult;
  bagName: string;
  /**
   * The archive had no photos and no history before this import: its vocabulary is the untouched
   * default one, which nobody made, so the bag's vocabulary is taken as it is (a round trip into a new
   * archive gives back the same vocabulary). Otherwise nothing already here is changed.
   */
  pristine: boolean;
  /** The bag's terms (kind NUL key) and the term here each stands for. */
  termMap: Map<string, number>;
}

function findTerm(db: Db, kind: string, key: string): { id: number; merged_into: number | null } | undefined {
  return db.prepare('SELECT id, merged_into FROM terms WHERE kind = ? AND key = ?').get(kind, key) as { id: number; merged_into: number | null } | undefined;
}

/** The live term a bag's key stands for here (through the bag's mapping, following merges), or null. */
function liveTerm(c: Ctx, kind: string, key: string): number | null {
  const { db } = c;
  const mapped = c.termMap.get(`${kind}\0${key}`);
  let t = mapped === undefined ? findTerm(db, kind, key) : (db.prepare('SELECT id, merged_into FROM terms WHERE id = ?').get(mapped) as { id: number; merged_into: number | null } | undefined);
  for (let hops = 0; t && t.merged_into !== null && hops < 100; hops++) {
    t = db.prepare('SELECT id, merged_into FROM terms WHERE id = ?').get(t.merged_into) as typeof t;
  }
  return t && t.merged_into === null ? t.id : null;
}

/**
 * Brings in the bag's vocabulary without changing a term that is already here (issue 10: a bag never
 * rewrites the archive). Each bag term is matched by kind and key:
 * - not here: added as the bag has it (a merged term is added merged, pointing at its mapped target);
 * - here and meaning the same (same label, same parent, same merge state): the bag's uses map to it;
 *   differences in presentation only (hidden, colour, shortcut) keep this archive's and are reported;
 * - here but meaning something else (another label, parent or merge): the bag's term is added as a new
 *   term under a suffixed key, its uses go there, and the clash is listed as a conflict. Merging it
 *   with the local term afterwards is an ordinary, recorded edit.
 */
function restoreVocabulary(c: Ctx, terms: BagTerm[]): void {
  const { db } = c;
  const byId = db.prepare('SELECT * FROM terms WHERE id = ?');
  const keyOfId = (id: number | null) => (id === null ? null : ((byId.get(id) as TermRow | undefined)?.key ?? null));
  const shortcutTaken = db.prepare('SELECT 1 FROM terms WHERE shortcut = ? AND merged_into IS NULL');
  const sortNext = db.prepare('SELECT coalesce(max(sort), 0) + 1 AS s FROM terms').pluck();
  const insert = db.prepare('INSERT INTO terms (kind, key, label, parent_id, colour, shortcut, hidden, sort) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const added = new Map<string, number>();
  // Adopting the bag's vocabulary (a new archive): its terms' shortcuts are freed first, so shortcuts that moved between them can move here.
  if (c.pristine) for (const t of terms) db.prepare('UPDATE terms SET shortcut = NULL WHERE kind = ? AND key = ?').run(t.kind, t.key);
  const pending = [...terms];
  // Parents before children: repeat while a pass places some term; a parent never found is left out.
  for (let placed = true; pending.length && placed; ) {
    placed = false;
    for (let i = 0; i < pending.length; i++) {
      const t = pending[i]!;
      const k = `${t.kind}\0${t.key}`;
      const parentInBag = t.parentKey !== null && pending.some((o) => o.kind === t.kind && o.key === t.parentKey);
      if (parentInBag) continue;
      const parentId = t.parentKey === null ? null : (c.termMap.get(`${t.kind}\0${t.parentKey}`) ?? findTerm(db, t.kind, t.parentKey)?.id ?? null);
      if (t.parentKey !== null && parentId === null) c.result.warnings.push(`The parent "${t.parentKey}" of term "${t.key}" is not in the bag; the term was added at the top level.`);
      const local = db.prepare('SELECT * FROM terms WHERE kind = ? AND key = ?').get(t.kind, t.key) as TermRow | undefined;
      const add = (key: string, label: string) => {
        const shortcut = t.shortcut && !t.mergedIntoKey && !shortcutTaken.get(t.shortcut) ? t.shortcut : null;
        const id = Number(insert.run(t.kind, key, label, parentId, t.colour, shortcut, t.hidden || t.mergedIntoKey ? 1 : 0, sortNext.get()).lastInsertRowid);
        c.termMap.set(k, id);
        added.set(k, id);
        c.result.vocabulary.added++;
        return id;
      };
      if (!local) add(t.key, t.label);
      else if (c.pristine) {
        const shortcut = t.shortcut && !t.mergedIntoKey && !shortcutTaken.get(t.shortcut) ? t.shortcut : null;
        db.prepare('UPDATE terms SET label = ?, parent_id = ?, colour = ?, shortcut = ?, hidden = ? WHERE id = ?').run(
          t.label, parentId, t.colour, shortcut, t.hidden || t.mergedIntoKey ? 1 : 0, local.id,
        );
        c.termMap.set(k, local.id);
        added.set(k, local.id);
        c.result.vocabulary.mapped++;
      } else {
        const meaning: string[] = [];
        const looks: string[] = [];
        if (local.label !== t.label) meaning.push(`label "${t.label}" in the bag, "${local.label}" here`);
        const localParent = keyOfId(local.parent_id);
        if (localParent !== t.parentKey) meaning.push(`parent ${t.parentKey ?? '(none)'} in the bag, ${localParent ?? '(none)'} here`);
        const localMerged = keyOfId(local.merged_into);
        if (localMerged !== t.mergedIntoKey) meaning.push(`merged into ${t.mergedIntoKey ?? '(not merged)'} in the bag, ${localMerged ?? '(not merged)'} here`);
        // The same bag (or another with the same term) imported before: its term was added then; use it.
        const earlier = meaning.length ? earlierCopy(t, parentId) : undefined;
        if ((local.hidden === 1) !== t.hidden) looks.push(`${t.hidden ? 'hidden' : 'shown'} in the bag, ${local.hidden === 1 ? 'hidden' : 'shown'} here`);
        if (local.colour !== t.colour) looks.push(`colour ${t.colour ?? '(none)'} in the bag, ${local.colour ?? '(none)'} here`);
        if (meaning.length === 0) {
          c.termMap.set(k, local.id);
          c.result.vocabulary.mapped++;
          if (looks.length) c.result.conflicts.push({ type: 'term', kind: t.kind, key: t.key, differences: looks, resolution: 'mapped', newKey: null });
        } else if (earlier) {
          c.termMap.set(k, earlier.id);
          c.result.vocabulary.mapped++;
          c.result.conflicts.push({ type: 'term', kind: t.kind, key: t.key, differences: meaning, resolution: 'mapped', newKey: earlier.key });
        } else {
          let key = `${t.key}-bag`;
          for (let n = 2; findTerm(db, t.kind, key); n++) key = `${t.key}-bag-${n}`;
          // A second term of the same name would be ambiguous in the pickers: say where it came from.
          const label = t.label === local.label ? `${t.label} (bag ${c.bagName})` : t.label;
          add(key, label);
          c.result.conflicts.push({ type: 'term', kind: t.kind, key: t.key, differences: [...meaning, ...looks], resolution: 'added', newKey: key });
        }
      }
      pending.splice(i--, 1);
      placed = true;
    }
  }
  /** A term added by an earlier import for this bag term (key suffixed -bag or -bag-N) that still means what the bag says. */
  function earlierCopy(t: BagTerm, parentId: number | null): TermRow | undefined {
    const rows = db.prepare("SELECT * FROM terms WHERE kind = ? AND (key = ? OR key GLOB ?) ORDER BY id").all(t.kind, `${t.key}-bag`, `${t.key}-bag-[0-9]*`) as TermRow[];
    return rows.find(
      (r) =>
        (r.label === t.label || r.label.startsWith(`${t.label} (bag `)) &&
        r.parent_id === parentId &&
        (t.mergedIntoKey === null ? r.merged_into === null : r.merged_into !== null),
    );
  }
  for (const t of pending) c.result.warnings.push(`Term "${t.key}" sits under a parent that never resolves (a cycle in the bag's vocabulary); left out.`);
  // Terms the bag has merged, added here just now, point at their (mapped) target; nothing here is merged.
  for (const t of terms) {
    const k = `${t.kind}\0${t.key}`;
    const id = added.get(k);
    if (id === undefined || t.mergedIntoKey === null) continue;
    const into = c.termMap.get(`${t.kind}\0${t.mergedIntoKey}`) ?? findTerm(db, t.kind, t.mergedIntoKey)?.id;
    if (into === undefined || into === id) {
      c.result.warnings.push(`Term "${t.key}" was merged into "${t.mergedIntoKey}", which this archive cannot resolve; it was added hidden.`);
      continue;
    }
    db.prepare('UPDATE terms SET merged_into = ?, hidden = 1, shortcut = NULL WHERE id = ?').run(into, id);
  }
}

interface TermRow {
  id: number;
  key: string;
  label: string;
  parent_id: number | null;
  colour: string | null;
  hidden: number;
  merged_into: number | null;
}

/**
 * The app's undo and redo steps (kept in the catalogue) that touch a photo this import added to are
 * dropped, and the redo stack is cleared as after any new change: replaying them now could undo or
 * overwrite what the bag brought without anyone asking for it. (The app reloads its stacks afterwards.)
 */
function forgetUndoStepsOf(db: Db, photoIds: Set<number>): void {
  db.prepare("DELETE FROM undo_steps WHERE stack = 'redo'").run();
  if (photoIds.size === 0) return;
  db.prepare(
    `DELETE FROM undo_steps WHERE change_set IN (SELECT change_set FROM history WHERE photo_id IN (SELECT value FROM json_each(?)))`,
  ).run(JSON.stringify([...photoIds]));
}

function nextChangeSet(db: Db): number {
  return (db.prepare('SELECT coalesce(max(change_set), 0) + 1 AS n FROM history').get() as { n: number }).n;
}

const insertHistory = (db: Db) =>
  db.prepare(
    'INSERT INTO history (change_set, at, actor, action, description, photo_id, entity_id, old_json, new_json) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)',
  );

/** Appends the bag's history as recorded, ordered as it was, with each change set kept together under a new number. */
function appendBagHistory(c: Ctx, doc: ArchiveJson, photoIds: Map<string, number>): { first: number | null; last: number | null } {
  const entries: Array<{ h: HistoryEntry; photoId: number | null }> = [];
  for (const h of doc.history) entries.push({ h, photoId: null });
  for (const p of doc.photos) {
    const id = photoIds.get(p.sha256);
    if (id !== undefined) for (const h of p.history) entries.push({ h, photoId: id });
  }
  entries.sort((a, b) => a.h.id - b.h.id);
  const changeSets = new Map<number, number>();
  let next = nextChangeSet(c.db);
  const insert = insertHistory(c.db);
  let first: number | null = null;
  let last: number | null = null;
  for (const { h, photoId } of entries) {
    if (!changeSets.has(h.changeSet)) changeSets.set(h.changeSet, next++);
    const id = Number(
      insert.run(changeSets.get(h.changeSet), h.at, h.actor, h.action, h.description, photoId, JSON.stringify(h.oldValue ?? null), JSON.stringify(h.newValue ?? null))
        .lastInsertRowid,
    );
    first ??= id;
    last = id;
  }
  c.result.history = entries.length;
  return { first, last };
}

/** Tags, regions and fields of one photo; returns what changed, for its bag.import entry. */
function restorePhoto(c: Ctx, p: BagPhoto, photoId: number) {
  const { db } = c;
  // A photo sealed here keeps its annotations as they are: the bag's are reported, not applied.
  if (sealedAmong(db, [photoId]).length) {
    if (p.tags.length || p.regions.length || Object.values(p.metadata).some((v) => v !== null && v !== undefined)) {
      c.result.warnings.push(`${p.fileName}: sealed in this archive; the bag's annotations for it were not applied (unseal it and import again to take them).`);
    }
    return { tagsAdded: [] as string[], regionsAdded: [] as Array<{ id: number; bagId: number }>, fieldsOld: {}, fieldsNew: {} };
  }
  const resolve = (kind: string, key: string) => {
    const id = liveTerm(c, kind, key);
    if (id === null) c.result.warnings.push(`${p.fileName}: the term "${key}" is not in this archive's vocabulary; left out.`);
    return id;
  };
  const tagsBefore = new Set(tagsOf(db, photoId));
  const tagsAdded: string[] = [];
  for (const t of p.tags) {
    const id = resolve(t.kind, t.key);
    if (id === null || tagsBefore.has(id)) continue;
    writeTag(db, photoId, id, true);
    tagsBefore.add(id);
    tagsAdded.push(t.key);
  }
  const existing = new Set(regionsOf(db, photoId).map((r) => `${r.createdAt}\0${JSON.stringify(r.geometry)}`));
  let regionId = nextRegionId(db);
  const regionsAdded: Array<{ id: number; bagId: number }> = [];
  for (const r of p.regions) {
    if (existing.has(`${r.createdAt}\0${JSON.stringify(r.geometry)}`)) continue;
    const classId = r.classKey === null ? null : resolve('class', r.classKey);
    const damageIds = r.damageKeys.map((k) => resolve('damage', k)).filter((x): x is number => x !== null);
    writeRegion(db, regionId, {
      photoId, geometry: r.geometry, classId, damageIds, severity: r.severity, confidence: r.confidence, note: r.note, createdAt: r.createdAt, updatedAt: r.updatedAt,
      redact: r.redact ?? null, redactState: r.redactState ?? null,
    });
    regionsAdded.push({ id: regionId, bagId: r.id });
    regionId++;
  }
  const meta = metaOf(db, photoId);
  const fieldsOld: Partial<Record<MetaField, string | null>> = {};
  const fieldsNew: Partial<Record<MetaField, string | null>> = {};
  for (const [field, value] of Object.entries(p.metadata) as Array<[MetaField, string | null | undefined]>) {
    if (value === undefined || value === null || (meta[field] ?? null) === value) continue;
    // A value already here is never replaced by the bag's: it is kept, and the other one reported.
    if ((meta[field] ?? null) !== null) {
      c.result.conflicts.push({ type: 'field', photoId, fileName: p.fileName, field, here: meta[field]!, inBag: value, resolution: 'kept' });
      continue;
    }
    fieldsOld[field] = meta[field] ?? null;
    fieldsNew[field] = value;
    writeMeta(db, photoId, field, value);
  }
  c.result.tags += tagsAdded.length;
  c.result.regions += regionsAdded.length;
  c.result.fields += Object.keys(fieldsNew).length;
  return { tagsAdded, regionsAdded, fieldsOld, fieldsNew };
}

/** A collection of the bag's query as this archive can run it, or a reason it cannot. */
function localQuery(ctx: Ctx, c: BagCollection): PhotoQuery | string {
  const { db } = ctx;
  const { classKeys, damageKeys, tagKeys, collectionName, ...rest } = c.query!;
  const lost: string[] = [];
  const ids = (kind: string, keys: string[]) =>
    keys.flatMap((k) => {
      const id = liveTerm(ctx, kind, k);
      if (id === null) lost.push(k);
      return id === null ? [] : [id];
    });
  const terms = { classIds: ids('class', classKeys), damageIds: ids('damage', damageKeys), tagIds: ids('tag', tagKeys) };
  // Leaving a filter out would make the search find other photos than it did: refuse it instead.
  if (lost.length) return `it names terms this archive does not have (${lost.join(', ')})`;
  let collectionId: number | null = null;
  if (collectionName !== null) {
    const within = db.prepare("SELECT id FROM collections WHERE name = ? ORDER BY kind = 'album' DESC, id LIMIT 1").pluck().get(collectionName) as number | undefined;
    if (within === undefined) return `it searches within "${collectionName}", which is neither in the bag nor in this archive`;
    collectionId = within;
  }
  const parsed = PhotoQuery.safeParse({ ...rest, ...terms, collectionId });
  return parsed.success ? parsed.data : `its query is not one this app can run (${parsed.error.issues[0]?.message ?? 'invalid'})`;
}

function restoreCollections(c: Ctx, list: BagCollection[], photoIds: Map<string, number>, bagName: string): void {
  const { db } = c;
  const note = (action: string, description: string, old: unknown, next: unknown, entityId: number) =>
    db
      .prepare('INSERT INTO history (change_set, at, actor, action, description, photo_id, entity_id, old_json, new_json) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)')
      .run(nextChangeSet(db), c.at, c.actor, action, description, entityId, JSON.stringify(old ?? null), JSON.stringify(next ?? null));
  const same = db.prepare('SELECT id FROM collections WHERE name = ? AND kind = ? ORDER BY id LIMIT 1').pluck();
  // Albums first: a saved search may search within one of them.
  for (const b of [...list].sort((x, y) => Number(x.kind === 'search') - Number(y.kind === 'search'))) {
    const existing = same.get(b.name, b.kind) as number | undefined;
    if (b.kind === 'album') {
      const members = b.photos.map((sha) => photoIds.get(sha)).filter((id): id is number => id !== undefined);
      if (existing === undefined) {
        const made = collections.createCollection(db, { name: b.name, kind: 'album', query: null, photoIds: members });
        db.prepare('UPDATE collections SET created_at = ? WHERE id = ?').run(b.createdAt, made.id);
        note('collection.create', `Create album "${made.name}" (from bag ${bagName})`, null, { ...made, createdAt: b.createdAt, photoIds: members }, made.id);
        c.result.collections.created++;
      } else if (members.length) {
        const r = collections.addToCollection(db, existing, members);
        if (r.added.length) {
          note('collection.add', `Add ${plural(r.added.length, 'photo')} to album "${r.collection.name}" (from bag ${bagName})`, null, { photoIds: r.added }, existing);
          c.result.collections.extended++;
        }
      }
      continue;
    }
    const query = localQuery(c, b);
    if (typeof query === 'string') {
      c.result.warnings.push(`The saved search "${b.name}" was not added: ${query}.`);
      continue;
    }
    if (existing !== undefined) {
      const here = collections.getCollection(db, existing);
      if (JSON.stringify(here.query) !== JSON.stringify(query)) {
        c.result.warnings.push(`A saved search named "${b.name}" already exists here with another query; it was kept and the bag's was not added.`);
      }
      continue;
    }
    const made = collections.createCollection(db, { name: b.name, kind: 'search', query, photoIds: [] });
    db.prepare('UPDATE collections SET created_at = ? WHERE id = ?').run(b.createdAt, made.id);
    note('collection.create', `Create saved search "${made.name}" (from bag ${bagName})`, null, { ...made, createdAt: b.createdAt, photoIds: [] }, made.id);
    c.result.collections.created++;
  }
}

function restore(
  db: Db,
  doc: ArchiveJson,
  photoIds: Map<string, number>,
  fresh: Set<string>,
  bag: string,
  bagId: string,
  actor: string,
  result: BagImportResult,
  pristine: boolean,
): void {
  const c: Ctx = { db, actor, at: new Date().toISOString(), result, bagName: path.basename(bag), pristine, termMap: new Map() };
  restoreVocabulary(c, doc.vocabulary);
  // The bag's history once per archive: importing it again restores what is missing but adds no copy.
  const seen = db
    .prepare("SELECT 1 FROM history WHERE action = 'bag.import' AND photo_id IS NULL AND json_extract(new_json, '$.archiveJsonSha256') = ?")
    .get(bagId);
  const range = seen ? { first: null, last: null } : appendBagHistory(c, doc, photoIds);
  if (seen) result.warnings.push('This bag was imported into this archive before; its history is already here and was not added again.');

  const cs = nextChangeSet(db);
  const insert = insertHistory(db);
  const name = path.basename(bag);
  const touched = new Set<number>();
  for (const p of doc.photos) {
    const photoId = photoIds.get(p.sha256);
    if (photoId === undefined) continue;
    const r = restorePhoto(c, p, photoId);
    // A name the bag had to change (two photos of one name) goes back to the name it was catalogued under.
    // The bag's name is made safe first (it becomes a file name in later exports).
    let renamed: { from: string; to: string } | null = null;
    const row = db.prepare('SELECT file_name FROM photos WHERE id = ?').get(photoId) as { file_name: string };
    const safe = safeFileName(p.fileName);
    if (safe.changed && !result.renamedFiles.some((r) => r.inBag === p.fileName)) result.renamedFiles.push({ inBag: p.fileName, usedHere: safe.name });
    if (fresh.has(p.sha256) && row.file_name !== safe.name) {
      db.prepare('UPDATE photos SET file_name = ? WHERE id = ?').run(safe.name, photoId);
      renamed = { from: row.file_name, to: safe.name };
    }
    if (!fresh.has(p.sha256) && (r.tagsAdded.length || r.regionsAdded.length || Object.keys(r.fieldsNew).length)) touched.add(photoId);
    insert.run(
      cs, c.at, actor, 'bag.import',
      `Imported from bag ${name}: ${p.payloadPath} (photo ${p.photo.id} in the exporting archive), ${r.tagsAdded.length} tags, ${r.regionsAdded.length} regions, ${Object.keys(r.fieldsNew).length} fields restored`,
      photoId,
      JSON.stringify({ fields: r.fieldsOld, fileName: renamed?.from ?? null }),
      JSON.stringify({
        bag, payloadPath: p.payloadPath, sha256: p.sha256, exportedPhotoId: p.photo.id, tagsAdded: r.tagsAdded, regions: r.regionsAdded, fields: r.fieldsNew,
        fileName: renamed?.to ?? null,
      }),
    );
  }
  restoreCollections(c, doc.collections ?? [], photoIds, name);
  const { conflicts: siteConflicts, ...sites } = restoreSites(db, doc.sites ?? [], doc.incidents ?? [], doc.photos, photoIds, actor, name);
  result.sites = sites;
  result.conflicts.push(...siteConflicts);
  forgetUndoStepsOf(db, touched);
  const what = range.first === null ? 'no history entries added' : `history entries ${range.first}–${range.last} were recorded in the exporting archive`;
  insert.run(
    cs, c.at, actor, 'bag.import',
    `Imported bag ${name} (${doc.generator}, ${doc.generatedAt}): ${photoIds.size} photos; ${what}`,
    null,
    'null',
    JSON.stringify({
      bag, archiveJsonSha256: bagId, generator: doc.generator, generatedAt: doc.generatedAt, photos: photoIds.size,
      vocabulary: result.vocabulary, historyFrom: range.first, historyTo: range.last, conflicts: result.conflicts, renamedFiles: result.renamedFiles,
    }),
  );
}
