// The import pipeline: scan; then for each file (several at once) hash, read metadata, render the
// grid thumbnail, optionally copy into the archive, and commit one row, so photos appear in the grid
// at the speed of a bare decode; then render the viewer previews. Each file is committed on its own,
// so a crash or cancel loses at most the files in flight, and importing again finishes the rest
// (previews included).
import os from 'node:os';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ImportMode, ImportProgress } from '../../shared/api';
import { derivedPath, originalCopyRelPath, type Archive } from './archive';
import { ImageProblem } from './derived';
import { hashFile } from './hashing';
import { heifPicture, rasterPicture, rawPicture, videoPicture, type Picture, type PictureJob } from './media';
import { captureSortKey, readMediaMetadata } from './metadata';
import { forgetOtherFile, recordOtherFile, summariseOtherFiles, type OtherFile } from './other-files';
import { readHead, sniff, SNIFF_BYTES, type Sniffed } from './sniff';
import { findByHash, findBySourcePath, insertPhoto, type NewPhotoRow } from './photos';
import { makePreview, photosWithoutPreview } from './previews';
import { describeFsError, scanPaths, type FoundFile } from './scan';
import { requireImportPaths } from './import-paths';
import { applySidecar, readSidecarFor } from './sidecars';
import { removeStaleTemporaries, temporaryName } from './temporaries';
import { recordIngest } from './custody/ingest';

export const DEFAULT_MAX_PIXELS = 200_000_000;
/** Bounded time per file: a hostile file must not stall the whole import. */
export const DEFAULT_FILE_TIMEOUT_MS = 120_000;

export interface ImportOptions {
  mode: ImportMode;
  jobId?: string;
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  concurrency?: number;
  maxPixels?: number;
  fileTimeoutMs?: number;
}

type Outcome = 'imported' | 'duplicate' | 'failed' | 'skipped' | 'other' | 'sidecar';

export async function runImport(archive: Archive, typedRoots: string[], opts: ImportOptions): Promise<ImportProgress> {
  const { db } = archive;
  // A root that is neither a file nor a readable folder is refused before anything is catalogued.
  const roots = await requireImportPaths(typedRoots, { relativeTo: process.cwd() });
  const started = Date.now();
  const progress: ImportProgress = {
    jobId: opts.jobId ?? `import-${started}`,
    state: 'scanning',
    total: 0,
    done: 0,
    imported: 0,
    duplicates: 0,
    failed: 0,
    skipped: 0,
    previewsTotal: 0,
    previewsDone: 0,
    previewsFailed: 0,
    currentFile: null,
    etaSeconds: null,
    message: null,
  };
  const emit = throttle(() => opts.onProgress?.({ ...progress }), 100);
  emit.now();

  const importId = Number(
    db
      .prepare("INSERT INTO imports (started_at, mode, roots_json, state) VALUES (?, ?, ?, 'running')")
      .run(new Date(started).toISOString(), opts.mode, JSON.stringify(roots)).lastInsertRowid,
  );

  // What an earlier run that was killed left half-written (also done when an archive opens).
  removeStaleTemporaries(archive.dir);
  const scan = await scanPaths(roots, opts.signal);
  for (const p of scan.problems) recordFailure(archive, { path: p.path, size: 0, mtimeMs: 0 }, p.reason, null, importId);
  progress.failed = scan.problems.length;
  progress.total = scan.files.length + scan.problems.length;
  progress.done = scan.problems.length;
  progress.state = 'importing';
  emit.now();

  const ctx: FileContext = {
    archive,
    mode: opts.mode,
    importId,
    maxPixels: opts.maxPixels ?? DEFAULT_MAX_PIXELS,
    inFlight: new Map(),
    sidecarProblems: 0,
    others: [],
    sidecarPaths: sidecarsOf(scan.files.map((f) => f.path)),
  };
  const timeoutMs = opts.fileTimeoutMs ?? DEFAULT_FILE_TIMEOUT_MS;
  const queue = [...scan.files];
  const workStarted = Date.now();
  let workDone = 0;

  async function worker(): Promise<void> {
    for (;;) {
      if (opts.signal?.aborted) return;
      const file = queue.shift();
      if (!file) return;
      progress.currentFile = file.path;
      const gaveUp = new AbortController();
      const outcome = await withTimeout(importOne(ctx, file, gaveUp.signal), timeoutMs, gaveUp).catch((err: unknown) => {
        recordFailure(archive, file, reasonOf(err), null, importId);
        return 'failed' as const;
      });
      if (outcome === 'imported') progress.imported++;
      else if (outcome === 'duplicate') progress.duplicates++;
      else if (outcome === 'failed') progress.failed++;
      else if (outcome === 'skipped') progress.skipped++;
      progress.done++;
      if (outcome !== 'skipped') workDone++;
      const perFile = workDone > 0 ? (Date.now() - workStarted) / workDone : null;
      progress.etaSeconds = perFile === null ? null : Math.round((queue.length * perFile) / 1000 / concurrency);
      emit();
    }
  }

  // Two files per core: while one waits on ExifTool (its own processes), a HEIF decoder thread or the
  // disk, the other keeps the core busy. Memory-heavy steps bound themselves (HEIF: heif.ts).
  const concurrency = Math.max(1, opts.concurrency ?? 2 * Math.max(1, os.availableParallelism()));
  await Promise.all(Array.from({ length: concurrency }, worker));

  // Previews for everything catalogued without one (this run's photos and any an earlier,
  // interrupted run left). A failure here costs only the preview: the viewer retries on demand.
  if (!opts.signal?.aborted) {
    const pending = photosWithoutPreview(archive);
    progress.state = 'previews';
    progress.previewsTotal = pending.length;
    progress.etaSeconds = null;
    emit.now();
    const previewsStarted = Date.now();
    const previewWorker = async () => {
      for (let photo = pending.shift(); photo && !opts.signal?.aborted; photo = pending.shift()) {
        progress.currentFile = photo.source_path;
        await withTimeout(makePreview(archive, photo, ctx.maxPixels), timeoutMs).catch(() => progress.previewsFailed++);
        progress.previewsDone++;
        const perFile = (Date.now() - previewsStarted) / progress.previewsDone;
        progress.etaSeconds = Math.round((pending.length * perFile) / 1000 / concurrency);
        emit();
      }
    };
    await Promise.all(Array.from({ length: concurrency }, previewWorker));
  }

  progress.state = opts.signal?.aborted ? 'cancelled' : 'done';
  progress.currentFile = null;
  progress.etaSeconds = 0;
  progress.message = summarise(progress, ctx.sidecarProblems) + summariseOtherFiles(ctx.others);
  db.prepare(
    'UPDATE imports SET finished_at = ?, state = ?, total = ?, imported = ?, duplicates = ?, failed = ?, skipped = ? WHERE id = ?',
  ).run(new Date().toISOString(), progress.state, progress.total, progress.imported, progress.duplicates, progress.failed, progress.skipped, importId);
  emit.now();
  return { ...progress };
}

function summarise(p: ImportProgress, sidecarProblems = 0): string {
  const parts = [`${p.imported} imported`];
  if (p.skipped) parts.push(`${p.skipped} already in the archive`);
  if (p.duplicates) parts.push(`${p.duplicates} duplicate${p.duplicates === 1 ? '' : 's'}`);
  if (p.failed) parts.push(`${p.failed} could not be imported`);
  if (p.previewsFailed) parts.push(`${p.previewsFailed} preview${p.previewsFailed === 1 ? '' : 's'} could not be made`);
  if (sidecarProblems) parts.push(`${sidecarProblems} XMP sidecar${sidecarProblems === 1 ? '' : 's'} could not be used (see the photo's history)`);
  return `${p.state === 'cancelled' ? 'Import cancelled: ' : ''}${parts.join(', ')}.`;
}

interface FileContext {
  archive: Archive;
  mode: ImportMode;
  importId: number;
  maxPixels: number;
  /** Hashes being imported right now, so two copies in one batch become one photo and one duplicate. */
  inFlight: Map<string, Promise<number | null>>;
  /** Sidecars found but unreadable (the photo was imported without them). */
  sidecarProblems: number;
  /** Files that are not images or videos, named in the summary and listed under Import problems. */
  others: OtherFile[];
  /** XMP files beside a photo of the same name in this import: read with the photo, not listed. */
  sidecarPaths: Set<string>;
}

/** photo.jpg.xmp and photo.xmp belong to photo.jpg when both were found. */
function sidecarsOf(paths: string[]): Set<string> {
  const all = new Set(paths);
  const out = new Set<string>();
  const stems = new Set(paths.filter((p) => !/\.xmp$/i.test(p)).map((p) => p.slice(0, p.length - path.extname(p).length)));
  for (const p of paths) {
    if (!/\.xmp$/i.test(p)) continue;
    const base = p.slice(0, -4);
    if (all.has(base) || stems.has(base)) out.add(p);
  }
  return out;
}

/**
 * `gaveUp` is aborted when the file's time is up: the worker has then reported it ("gave up after…")
 * and moved on. Work still running here (a decoder cannot be interrupted) must not overturn that
 * verdict later, e.g. commit the photo after the import said it failed, or after it has finished:
 * from then on this writes nothing to the catalogue.
 */
async function importOne(ctx: FileContext, file: FoundFile, gaveUp: AbortSignal): Promise<Outcome> {
  const { db } = ctx.archive;
  const fail = (reason: string, sha256: string | null): Outcome => {
    if (!gaveUp.aborted) recordFailure(ctx.archive, file, reason, sha256, ctx.importId);
    return 'failed';
  };
  const existing = findBySourcePath(db, file.path);
  if (existing && existing.status !== 'error') return 'skipped';
  if (db.prepare('SELECT 1 FROM duplicates WHERE source_path = ?').get(file.path)) return 'skipped';
  if (file.size === 0) return fail('empty file (0 bytes)', null);

  let hashed;
  try {
    hashed = await hashFile(file.path, true, gaveUp);
  } catch (err) {
    return fail(`cannot read: ${describeFsError(err)}`, null);
  }
  const { sha256 } = hashed;

  let sniffed: Sniffed;
  try {
    sniffed = await sniff(hashed.bytes ? hashed.bytes.subarray(0, SNIFF_BYTES) : await readHead(file.path), file.path);
  } catch (err) {
    return fail(`cannot read: ${describeFsError(err)}`, sha256);
  }
  if (sniffed.kind === 'other') {
    if (ctx.sidecarPaths.has(file.path)) return 'sidecar';
    if (gaveUp.aborted) return 'other';
    // Named like an image but not one: that is a problem with the file, not just another file.
    if (/^not (an image|a recognised image)/.test(sniffed.reason ?? '') && /though the name ends in/.test(sniffed.reason ?? '')) {
      return fail(sniffed.reason!, sha256);
    }
    ctx.others.push(recordOtherFile(ctx.archive.db, { path: file.path, size: file.size, sha256, format: sniffed.format, reason: sniffed.reason ?? 'not an image' }, ctx.importId));
    return 'other';
  }

  const pending = ctx.inFlight.get(sha256);
  const known = findByHash(db, sha256) ?? (pending ? await pending : null);
  if (known !== null) {
    if (!gaveUp.aborted) recordDuplicate(ctx.archive, file.path, sha256, known);
    return 'duplicate';
  }

  let settle!: (id: number | null) => void;
  ctx.inFlight.set(sha256, new Promise((resolve) => (settle = resolve)));
  try {
    const id = await catalogue(ctx, file, sha256, hashed.bytes, sniffed, gaveUp);
    settle(id);
    return 'imported';
  } catch (err) {
    settle(null);
    return fail(reasonOf(err), sha256);
  } finally {
    ctx.inFlight.delete(sha256);
  }
}

async function catalogue(ctx: FileContext, file: FoundFile, sha256: string, bytes: Buffer | null, sniffed: Sniffed, gaveUp: AbortSignal): Promise<number> {
  const input = bytes ?? file.path;
  const out = { thumb: derivedPath(ctx.archive.dir, 'thumbs', sha256), preview: derivedPath(ctx.archive.dir, 'previews', sha256) };
  const job: PictureJob = { sniffed, input, file: file.path, out, maxPixels: ctx.maxPixels };
  // The photo's XMP sidecar (photo.jpg.xmp or photo.xmp), read only here: on its first cataloguing.
  const sidecarRead = readSidecarFor(file.path);
  const metaRead = readMediaMetadata(input, file.path, sniffed.kind, sniffed.format);
  // Awaited below; if the picture fails first, their outcome must not surface as unhandled.
  sidecarRead.catch(() => undefined);
  metaRead.catch(() => undefined);
  let picture: Picture;
  if (sniffed.kind === 'raster') picture = await rasterPicture(job);
  // RAW, HEIF and video pictures depend on the metadata (orientation, full size).
  else if (sniffed.kind === 'raw') picture = await rawPicture(job, metaRead);
  else if (sniffed.kind === 'heif') picture = await heifPicture(job, await metaRead);
  else picture = await videoPicture(job, await metaRead);
  const [meta, sidecar] = await Promise.all([metaRead, sidecarRead]);
  gaveUp.throwIfAborted();
  const storedPath = ctx.mode === 'copy' ? await copyVerified(file.path, ctx.archive.dir, sha256) : null;
  const dims = displayedSize(picture, meta);
  const row: NewPhotoRow = {
    source_path: file.path,
    stored_path: storedPath,
    file_name: path.basename(file.path),
    sha256,
    size: file.size,
    mtime_ms: file.mtimeMs,
    status: picture.status,
    error: null,
    format: picture.format,
    width: dims.width,
    height: dims.height,
    orientation: meta.orientation ?? picture.orientation ?? null,
    has_thumb: picture.hasThumb ? 1 : 0,
    has_preview: picture.hasPreview ? 1 : 0,
    taken_at: meta.capture?.raw ?? null,
    taken_at_subsec: meta.capture?.subSec ?? null,
    taken_at_offset: meta.capture?.offset ?? null,
    taken_at_source: meta.capture?.source ?? null,
    taken_at_utc: meta.capture?.utc ?? null,
    taken_sort: captureSortKey(meta.capture),
    make: meta.make,
    model: meta.model,
    lens: meta.lens,
    body_serial: meta.bodySerial,
    lens_serial: meta.lensSerial,
    software: meta.software,
    image_unique_id: meta.imageUniqueId,
    gps_lat: meta.gps?.lat ?? null,
    gps_lon: meta.gps?.lon ?? null,
    gps_alt: meta.gps?.alt ?? null,
    gps_time: meta.gps?.time ?? null,
    gps_direction: meta.gps?.direction ?? null,
    file_title: meta.fromFile.title,
    file_caption: meta.fromFile.caption,
    file_creator: meta.fromFile.creator,
    file_credit: meta.fromFile.credit,
    file_copyright: meta.fromFile.copyright,
    file_keywords: JSON.stringify(meta.fromFile.keywords),
    imported_at: new Date().toISOString(),
    import_id: ctx.importId,
    media_kind: sniffed.kind === 'video' ? 'video' : 'image',
    duration_s: meta.duration,
    warning: picture.warning,
  };
  const { db } = ctx.archive;
  return db.transaction(() => {
    gaveUp.throwIfAborted();
    db.prepare("DELETE FROM photos WHERE source_path = ? AND status = 'error'").run(file.path);
    forgetOtherFile(db, file.path);
    const id = insertPhoto(db, row);
    recordIngest(db, id, { sourcePath: file.path, size: file.size, mtimeMs: file.mtimeMs, sha256, mode: ctx.mode, storedPath });
    if (sidecar) ctx.sidecarProblems += applySidecar(db, id, sidecar).notUsed;
    db.prepare('INSERT INTO photo_tags_dump (photo_id, json) VALUES (?, ?)').run(id, JSON.stringify(meta.dump));
    return id;
  })();
}

/** Pixel size as displayed: what the picture code found, else what the tags say (turned upright). */
function displayedSize(
  picture: Picture,
  meta: { taggedWidth: number | null; taggedHeight: number | null; orientation: number | null },
): { width: number | null; height: number | null } {
  if (picture.width !== null && picture.height !== null) return { width: picture.width, height: picture.height };
  if (meta.taggedWidth !== null && meta.taggedHeight !== null) {
    const swap = meta.orientation !== null && meta.orientation >= 5 && meta.orientation <= 8;
    return swap ? { width: meta.taggedHeight, height: meta.taggedWidth } : { width: meta.taggedWidth, height: meta.taggedHeight };
  }
  return { width: null, height: null };
}

/** Copies into originals/, re-reads the copy and compares hashes before it counts as stored. */
async function copyVerified(source: string, archiveDir: string, sha256: string): Promise<string> {
  const rel = originalCopyRelPath(sha256, path.extname(source));
  const target = path.join(archiveDir, rel);
  try {
    if ((await hashFile(target)).sha256 === sha256) return rel; // left by an earlier, interrupted run
  } catch {
    // not there yet
  }
  const partial = temporaryName(target, 'partial');
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.copyFile(source, partial);
  const copied = await hashFile(partial);
  if (copied.sha256 !== sha256) {
    await fs.rm(partial, { force: true });
    throw new Error('the copy in the archive does not match the original (the file changed during import, or the disk is failing)');
  }
  await fs.chmod(partial, 0o444);
  await fs.rename(partial, target);
  return rel;
}

function recordFailure(archive: Archive, file: FoundFile, reason: string, sha256: string | null, importId: number): void {
  archive.db
    .prepare(
      `INSERT INTO photos (source_path, file_name, sha256, size, mtime_ms, status, error, file_keywords, imported_at, import_id)
       VALUES (@path, @name, @sha256, @size, @mtime, 'error', @reason, '[]', @at, @importId)
       ON CONFLICT (source_path) DO UPDATE SET error = excluded.error, sha256 = excluded.sha256, size = excluded.size,
         mtime_ms = excluded.mtime_ms, imported_at = excluded.imported_at, import_id = excluded.import_id
       WHERE photos.status = 'error'`,
    )
    .run({ path: file.path, name: path.basename(file.path), sha256, size: file.size, mtime: file.mtimeMs, reason, at: new Date().toISOString(), importId });
}

function recordDuplicate(archive: Archive, sourcePath: string, sha256: string, photoId: number): void {
  archive.db
    .prepare('INSERT OR IGNORE INTO duplicates (source_path, sha256, photo_id, found_at) VALUES (?, ?, ?, ?)')
    .run(sourcePath, sha256, photoId, new Date().toISOString());
}

function reasonOf(err: unknown): string {
  if (err instanceof ImageProblem) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Rejects after `ms`, first aborting `gaveUp` (if given) so the abandoned work knows. */
async function withTimeout<T>(work: Promise<T>, ms: number, gaveUp?: AbortController): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`gave up after ${duration(ms)} (file too slow to read or decode)`);
      gaveUp?.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** "120 s", or "250 ms" for limits under a second (rounding those to "0 s" says nothing). */
function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

/** Calls fn at most every `ms`; `.now()` calls it at once (state changes a user must see). */
function throttle(fn: () => void, ms: number): (() => void) & { now: () => void } {
  let last = 0;
  const t = () => {
    const now = Date.now();
    if (now - last >= ms) {
      last = now;
      fn();
    }
  };
  t.now = () => {
    last = Date.now();
    fn();
  };
  return t;
}
