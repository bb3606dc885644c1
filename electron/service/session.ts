// The API contract implemented over the core, for any host: Electron IPC, the browser host, tests.
import { randomUUID } from 'node:crypto';
import type { ApiEvent, ApiHandlers, ImportProgress } from '../../shared/api';
import { archiveSchemaVersion, openArchive, type Archive } from '../catalog/archive';
import { sweepStaleTemporaries } from '../catalog/temporaries';
import { acquireWriterLock, type LockKind } from '../catalog/lock';
import { runImport, type ImportOptions } from '../catalog/importer';
import { checkImportPath, requireImportPaths } from '../catalog/import-paths';
import { checkBagPath, initialBagProgress, runBagImportJob } from './bag-job';
import { actorName, relinkDescription } from '../catalog/custody/record';
import { custodyHandlers } from './custody-api';
import { reviewHandlers } from './review-api';
import { clockHandlers } from './clock-api';
import { createRegion, deleteRegion, describeBatch, planBatch, refuseAllSealed, updateRegion } from '../catalog/annotate';
import { tsaUrlOf } from '../catalog/timestamp/store';
import { tsaUrlProblem } from '../catalog/timestamp/tsa-client';
import { addOfflineMap, listOfflineMaps, removeOfflineMap } from '../catalog/offline-maps';
import { annotationsOf, regionOutlines } from '../catalog/annotations';
import { backupCatalog, DEFAULT_BACKUP_EVERY_EDITS, DEFAULT_BACKUP_KEEP, listBackups, restoreBackup } from '../catalog/backup';
import { Editor } from '../catalog/edits';
import { previewExport, runExport } from '../catalog/export';
import { checkExportDestination } from '../catalog/export/destination';
import { suggestFaceRedactions } from '../catalog/suggest-faces';
import { checkOriginals, locatePhoto, relinkFolder } from '../catalog/relink';
import { requirePhoto } from '../catalog/annotations';
import { ConflictError, InvalidRequestError, NotFoundError } from '../catalog/errors';
import * as vocabulary from '../catalog/vocabulary';
import { countPhotos, getDetail, getRow, listProblems, listSummaries } from '../catalog/photos';
import { timeAndPlace } from '../catalog/timeplace';
import * as collections from '../catalog/search/collections';
import { getFacets } from '../catalog/search/facets';
import { mapPoints, searchPhotos } from '../catalog/search/query';
import { decisionOf, similarGroup } from '../catalog/similar/group';
import { SimilarHashing } from './similar-job';
import { isSiteAction, sitesApi } from './sites-api';

export { ConflictError, InvalidRequestError, NotFoundError } from '../catalog/errors';

export interface SessionOptions {
  host: 'electron' | 'web';
  import?: Pick<ImportOptions, 'concurrency' | 'maxPixels' | 'fileTimeoutMs'>;
}

export class ArchiveSession {
  private archive: Archive;
  private editor: Editor;
  private similar: SimilarHashing;
  private listeners = new Set<(e: ApiEvent) => void>();
  private job: { id: string; abort: AbortController; progress: ImportProgress; done: Promise<ImportProgress> } | null = null;
  private exportJob: { id: string; abort: AbortController; done: Promise<unknown> } | null = null;
  readonly api: ApiHandlers;

  constructor(
    archiveDir: string,
    private readonly options: SessionOptions,
  ) {
    this.archive = this.open(archiveDir);
    this.editor = this.newEditor();
    this.similar = this.newSimilar();
    this.api = this.createApi();
    this.afterOpen();
  }

  /** Opens an archive as this session's writer (the archive's lock names this app or the browser host). */
  private open(dir: string): Archive {
    return openArchive(dir, { holder: this.lockHolder(), sweep: 'background' });
  }

  private lockHolder(): { kind: LockKind; command: string } {
    return this.options.host === 'web' ? { kind: 'web host', command: 'npm run web' } : { kind: 'app', command: 'Damage Archive' };
  }

  get current(): Archive {
    return this.archive;
  }

  private get db() {
    return this.archive.db;
  }

  /** Switches to another archive folder (File > New/Open archive). Refused while an import runs. */
  switchArchive(dir: string): void {
    if (this.job) throw new ConflictError('Wait for the import to finish (or cancel it) before switching archives.');
    const next = this.open(dir);
    void this.similar.close();
    this.archive.close();
    this.archive = next;
    this.editor = this.newEditor();
    this.similar = this.newSimilar();
    this.emit({ type: 'archive-changed' });
    this.afterOpen();
  }

  onEvent(listener: (e: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when the running import (if any) has finished. */
  async idle(): Promise<ImportProgress | null> {
    const last = this.job ? await this.job.done : null;
    // Near-duplicate hashing follows every import; callers waiting for "idle" see its pairs too.
    await this.similar.idle();
    return last;
  }

  /** Resolves when the running export (if any) has finished. */
  async exportIdle(): Promise<void> {
    await this.exportJob?.done;
  }

  async close(): Promise<void> {
    this.job?.abort.abort();
    this.exportJob?.abort.abort();
    await this.job?.done.catch(() => undefined);
    await this.exportJob?.done.catch(() => undefined);
    await this.backingUp.catch(() => undefined);
    await this.similar.close();
    this.archive.close();
  }

  /** Who the history names for each change: the name the user gave (never the OS account name). */
  private userName(): string {
    return actorName(this.archive.db);
  }

  /**
   * Runs an import (of photos or of a bag) in the one import slot: its progress goes out as
   * 'import-progress' events and is what getImportProgress answers; cancelImport aborts `signal`.
   */
  private startImportJob(
    initial: (jobId: string) => ImportProgress,
    run: (jobId: string, signal: AbortSignal, onProgress: (p: ImportProgress) => void, last: () => ImportProgress) => Promise<ImportProgress>,
  ): { jobId: string } {
    if (this.job) throw new ConflictError('An import is already running; wait for it or cancel it first.');
    const id = randomUUID();
    const abort = new AbortController();
    const job = { id, abort, progress: initial(id), done: Promise.resolve(initial(id)) };
    const onProgress = (p: ImportProgress) => {
      job.progress = p;
      this.emit({ type: 'import-progress', progress: p });
    };
    job.done = run(id, abort.signal, onProgress, () => job.progress).finally(() => {
      this.job = null;
      this.similar.kick();
    });
    this.job = job;
    return { jobId: id };
  }

  private newSimilar(): SimilarHashing {
    return new SimilarHashing(this.archive, (photoIds) => this.changed(photoIds));
  }

  private newEditor(): Editor {
    return new Editor(this.archive.db, () => this.userName(), () => this.countStep(), 'catalogue');
  }

  private setting(key: 'backupKeep' | 'backupEveryEdits' | 'blurAll', fallback: number): number {
    const r = this.archive.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return r ? (r.value === 'true' ? 1 : r.value === 'false' ? 0 : Number(r.value)) : fallback;
  }

  private settings() {
    return {
      // Empty until the user gives a name (the app asks on first start).
      userName: (this.archive.db.prepare("SELECT value FROM settings WHERE key = 'userName'").get() as { value: string } | undefined)?.value ?? '',
      backupKeep: this.setting('backupKeep', DEFAULT_BACKUP_KEEP),
      backupEveryEdits: this.setting('backupEveryEdits', DEFAULT_BACKUP_EVERY_EDITS),
      blurAll: this.setting('blurAll', 0) === 1,
      tsaUrl: tsaUrlOf(this.archive.db),
    };
  }

  private stepsSinceBackup = 0;
  private backingUp: Promise<unknown> = Promise.resolve();

  private countStep(): void {
    if (++this.stepsSinceBackup >= this.settings().backupEveryEdits) void this.backup().catch(() => undefined);
  }

  /** Backups are serialized: one online backup at a time. */
  private backup() {
    this.stepsSinceBackup = 0;
    const archive = this.archive;
    const keep = this.settings().backupKeep;
    const run = this.backingUp.catch(() => undefined).then(() => backupCatalog(archive.db, archive.dir, keep));
    this.backingUp = run;
    return run;
  }

  /** On open: a backup of the catalogue as found, and a look for originals that have gone. */
  private afterOpen(): void {
    const archive = this.archive;
    void sweepStaleTemporaries(archive.dir).catch(() => undefined);
    void this.backup().catch(() => undefined);
    this.similar.kick();
    void checkOriginals(archive)
      .then((r) => {
        if ((r.missing > 0 || r.returned > 0) && this.archive === archive) this.emit({ type: 'archive-changed' });
      })
      .catch(() => undefined);
  }

  private recordRelink = (photoId: number, from: string, to: string): void => {
    this.editor.note('photo.relink', relinkDescription(this.db, photoId, from, to), from, to, null, photoId);
  };

  private changed(photoIds: number[]): void {
    if (photoIds.length) this.emit({ type: 'annotations-changed', photoIds });
  }

  private emit(e: ApiEvent): void {
    for (const l of this.listeners) l(e);
  }

  private createApi(): ApiHandlers {
    return {
      ...custodyHandlers({ archive: () => this.archive, editor: () => this.editor, actor: () => this.userName(), emit: (e) => this.emit(e) }),
      ...reviewHandlers({ archive: () => this.archive, editor: () => this.editor, actor: () => this.userName(), emit: (e) => this.emit(e) }),
      ...sitesApi({ db: () => this.db, editor: () => this.editor, emit: (e) => this.emit(e) }),
      ...clockHandlers({ archive: () => this.archive, editor: () => this.editor, actor: () => this.userName(), emit: (e) => this.emit(e) }),
      getArchiveInfo: async () => {
        const counts = countPhotos(this.archive.db);
        return {
          path: this.archive.dir,
          photoCount: counts.photos,
          problemCount: counts.problems,
          schemaVersion: archiveSchemaVersion(this.archive),
          host: this.options.host,
        };
      },
      listPhotos: async () => listSummaries(this.archive.db),
      getPhoto: async ({ id }) => {
        const photo = getDetail(this.archive.db, id);
        if (!photo) throw new NotFoundError(`No photo with id ${id} in this archive.`);
        return photo;
      },
      listProblems: async () => listProblems(this.archive.db),
      getTimePlace: async ({ id }) => {
        const row = getRow(this.db, id);
        if (!row || row.status === 'error') throw new NotFoundError(`No photo with id ${id} in this archive.`);
        return timeAndPlace(this.db, row);
      },
      similarPhotos: async ({ id }) => {
        requirePhoto(this.db, id);
        return similarGroup(this.db, this.similar.index, id, this.similar.pending);
      },
      decideSimilar: async ({ a, b, verdict }) => {
        if (a === b) throw new InvalidRequestError('A photo cannot be compared with itself: name two different photos.');
        requirePhoto(this.db, a);
        requirePhoto(this.db, b);
        const old = decisionOf(this.db, a, b);
        if (old === verdict) return { verdict };
        const say = verdict === 'same' ? 'the same image' : verdict === 'different' ? 'not the same image' : 'undecided';
        const label = `Photos ${a} and ${b}: ${say}`;
        this.changed(
          this.editor.commit(
            [
              { action: 'similar.decide', photoId: a, entityId: b, old, new: verdict },
              { action: 'similar.decide', photoId: b, entityId: a, old, new: verdict },
            ],
            label,
          ),
        );
        return { verdict };
      },

      searchPhotos: async (query) => searchPhotos(this.db, query),
      getFacets: async (query) => getFacets(this.db, query),
      mapPoints: async (query) => mapPoints(this.db, query),
      listCollections: async () => collections.listCollections(this.db),
      // Collection changes go to the history (who assembled an album for a court or an editor is
      // part of the record) as notes, like vocabulary edits: they change no photo or annotation,
      // so they are not steps of Ctrl+Z; the opposite action undoes one.
      createCollection: async (input) => {
        const c = this.db.transaction(() => collections.createCollection(this.db, input))();
        this.editor.note('collection.create', `Create ${c.kind === 'album' ? 'album' : 'saved search'} "${c.name}"`, null, { ...c, photoIds: input.photoIds }, c.id);
        this.emit({ type: 'collections-changed' });
        return c;
      },
      updateCollection: async (input) => {
        const { before, after } = this.db.transaction(() => collections.updateCollection(this.db, input))();
        this.editor.note('collection.update', `Change ${after.kind === 'album' ? 'album' : 'saved search'} "${before.name}"`, before, after, after.id);
        this.emit({ type: 'collections-changed' });
        return after;
      },
      deleteCollection: async ({ id }) => {
        const before = this.db.transaction(() => collections.deleteCollection(this.db, id))();
        this.editor.note('collection.delete', `Delete ${before.kind === 'album' ? 'album' : 'saved search'} "${before.name}"`, before, null, id);
        this.emit({ type: 'collections-changed' });
        return { deleted: true };
      },
      addToCollection: async ({ id, photoIds }) => {
        const r = this.db.transaction(() => collections.addToCollection(this.db, id, photoIds))();
        if (r.added.length) {
          this.editor.note('collection.add', `Add ${r.added.length} photo${r.added.length === 1 ? '' : 's'} to album "${r.collection.name}"`, null, { photoIds: r.added }, id);
          this.emit({ type: 'collections-changed' });
        }
        return r.collection;
      },
      removeFromCollection: async ({ id, photoIds }) => {
        const r = this.db.transaction(() => collections.removeFromCollection(this.db, id, photoIds))();
        if (r.removed.length) {
          this.editor.note('collection.remove', `Remove ${r.removed.length} photo${r.removed.length === 1 ? '' : 's'} from album "${r.collection.name}"`, { photoIds: r.removed }, null, id);
          this.emit({ type: 'collections-changed' });
        }
        return r.collection;
      },
      checkImportPaths: async ({ paths }) => Promise.all(paths.map((p) => checkImportPath(p))),
      startImport: async ({ paths: typed, mode }) => {
        const archive = this.archive;
        // Typed paths are checked (and "~" expanded) before the job starts: a bad one is refused, never catalogued.
        const paths = await requireImportPaths(typed);
        const initial = (jobId: string): ImportProgress => ({
          jobId, state: 'scanning', total: 0, done: 0, imported: 0, duplicates: 0, failed: 0, skipped: 0,
          previewsTotal: 0, previewsDone: 0, previewsFailed: 0, currentFile: null, etaSeconds: null, message: null,
        });
        return this.startImportJob(initial, (jobId, signal, onProgress, last) =>
          runImport(archive, paths, { ...this.options.import, mode, jobId, signal, onProgress }).catch((err: unknown) => {
            const failed: ImportProgress = { ...last(), state: 'failed', message: `Import failed: ${err instanceof Error ? err.message : String(err)}` };
            onProgress(failed);
            return failed;
          }),
        );
      },
      cancelImport: async ({ jobId }) => {
        if (!this.job || this.job.id !== jobId) return { cancelled: false };
        this.job.abort.abort();
        return { cancelled: true };
      },
      getImportProgress: async () => this.job?.progress ?? null,
      // The same job slot as startImport (one import at a time; cancelImport stops it).
      startBagImport: async ({ path: bagPath }) => {
        const bag = await checkBagPath(bagPath);
        const archive = this.archive;
        return this.startImportJob(
          (jobId) => initialBagProgress(jobId, bag),
          (jobId, signal, onProgress) =>
            runBagImportJob(archive, bag, {
              jobId,
              actor: this.userName(),
              signal,
              import: this.options.import,
              onProgress: (p) => {
                // The finished import's refreshes go first, so the bar's final message finds the grid up to date.
                if (p.state === 'done' && this.archive === archive) {
                  this.emit({ type: 'archive-changed' });
                  this.emit({ type: 'vocabulary-changed' });
                  this.emit({ type: 'collections-changed' });
                }
                onProgress(p);
              },
            }).then(({ progress, photoIds }) => {
              if (this.archive === archive) {
                // The import dropped undo steps on the photos it added to (and the redo stack): reload them.
                this.editor = this.newEditor();
                this.changed(photoIds);
              }
              return progress;
            }),
        );
      },

      getVocabulary: async () => vocabulary.listTerms(this.db),
      addTerm: async (input) => {
        const term = this.db.transaction(() => vocabulary.addTerm(this.db, input))();
        this.editor.note('term.add', `Add ${term.kind} term "${term.label}"`, null, term, term.id);
        this.emit({ type: 'vocabulary-changed' });
        return term;
      },
      updateTerm: async (input) => {
        const { before, after } = this.db.transaction(() => vocabulary.updateTerm(this.db, input))();
        this.editor.note('term.update', `Change term "${before.label}"`, before, after, after.id);
        this.emit({ type: 'vocabulary-changed' });
        return after;
      },
      mergeTerms: async ({ fromId, intoId }) => {
        const r = this.db.transaction(() => vocabulary.mergeTerms(this.db, fromId, intoId))();
        this.editor.note('term.merge', `Merge "${r.from.label}" into "${r.into.label}" (${r.moved} uses moved)`, r.from, r.into, fromId);
        this.editor.clearSteps();
        this.emit({ type: 'vocabulary-changed' });
        this.changed(r.photoIds);
        return { moved: r.moved };
      },
      exportVocabulary: async () => vocabulary.exportVocabulary(this.db),
      importVocabulary: async ({ vocabulary: file }) => {
        const r = this.db.transaction(() => vocabulary.importVocabulary(this.db, file))();
        this.editor.note('vocabulary.import', `Import vocabulary (${r.added} added, ${r.updated} updated)`, null, r);
        this.emit({ type: 'vocabulary-changed' });
        return r;
      },

      getAnnotations: async ({ photoId }) => annotationsOf(this.db, photoId),
      createRegion: async (input) => {
        const region = createRegion(this.db, this.editor, input);
        this.changed([region.photoId]);
        return region;
      },
      updateRegion: async ({ id, ...patch }) => {
        const region = updateRegion(this.db, this.editor, id, patch);
        this.changed([region.photoId]);
        return region;
      },
      deleteRegion: async ({ id }) => {
        const photoId = (this.db.prepare('SELECT photo_id FROM regions WHERE id = ?').get(id) as { photo_id: number } | undefined)?.photo_id;
        deleteRegion(this.db, this.editor, id);
        if (photoId !== undefined) this.changed([photoId]);
        return { deleted: true };
      },
      suggestRedactions: async ({ photoId }) => {
        const r = await suggestFaceRedactions(this.archive, this.editor, photoId);
        if (r.suggested.length) this.changed([photoId]);
        return r;
      },
      listRegionOutlines: async ({ photoIds }) => regionOutlines(this.db, photoIds),
      planBatch: async (input) => planBatch(this.db, input).summary,
      applyBatch: async (input) => {
        refuseAllSealed(this.db, input);
        const { summary, changes } = planBatch(this.db, input);
        this.changed(this.editor.commit(changes, describeBatch(this.db, input, summary)));
        return summary;
      },

      undo: async () => {
        const r = this.editor.undo();
        if (r) this.changed(r.photoIds);
        // Withdrawing or reinstating changes which photos the grid lists; a clock correction their order.
        if (r?.actions.some((a) => a === 'photo.withdraw' || a === 'photo.reinstate' || a === 'photo.clock')) this.emit({ type: 'archive-changed' });
        if (r?.actions.some(isSiteAction)) this.emit({ type: 'sites-changed' });
        return { undone: r?.label ?? null, photoIds: r?.photoIds ?? [] };
      },
      redo: async () => {
        const r = this.editor.redo();
        if (r) this.changed(r.photoIds);
        // Withdrawing or reinstating changes which photos the grid lists; a clock correction their order.
        if (r?.actions.some((a) => a === 'photo.withdraw' || a === 'photo.reinstate' || a === 'photo.clock')) this.emit({ type: 'archive-changed' });
        if (r?.actions.some(isSiteAction)) this.emit({ type: 'sites-changed' });
        return { redone: r?.label ?? null, photoIds: r?.photoIds ?? [] };
      },
      getUndoState: async () => this.editor.state(),
      getHistory: async ({ photoId, limit }) => this.editor.history(photoId, limit),
      getSettings: async () => this.settings(),
      listOfflineMaps: async () => listOfflineMaps(this.db),
      addOfflineMap: async ({ path }) => addOfflineMap(this.db, path),
      removeOfflineMap: async ({ id }) => ({ removed: removeOfflineMap(this.db, id) }),
      setSettings: async (input) => {
        // Checked here too: in-process callers (tests, main) skip the schema the hosts apply.
        const tsaProblem = input.tsaUrl === undefined ? null : tsaUrlProblem(input.tsaUrl);
        if (tsaProblem) throw new InvalidRequestError(tsaProblem);
        const put = this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT DO UPDATE SET value = excluded.value');
        this.db.transaction(() => {
          for (const [key, value] of Object.entries(input)) if (value !== undefined) put.run(key, String(value));
        })();
        return this.settings();
      },

      checkOriginals: async () => {
        const r = await checkOriginals(this.archive);
        if (r.missing > 0 || r.returned > 0) this.emit({ type: 'archive-changed' });
        return r;
      },
      relinkFolder: async ({ folder }) => {
        const r = await relinkFolder(this.archive, folder, this.recordRelink);
        this.emit({ type: 'archive-changed' });
        return r;
      },
      locatePhoto: async ({ photoId, path }) => {
        const r = await locatePhoto(this.archive, photoId, path, this.recordRelink);
        this.emit({ type: 'archive-changed' });
        return r;
      },
      startExport: async ({ format, out, photoIds, options }) => {
        if (this.exportJob) throw new ConflictError('An export is already running; wait for it or cancel it first.');
        for (const id of photoIds ?? []) requirePhoto(this.db, id);
        // Refused at once (400, shown in the dialog) rather than as a failed job.
        checkExportDestination(out, format, this.archive.dir);
        const id = randomUUID();
        const abort = new AbortController();
        const done = runExport(this.archive, {
          format,
          out,
          photoIds,
          options,
          jobId: id,
          signal: abort.signal,
          history: (photoId) => this.editor.history(photoId, 1_000_000),
          onProgress: (p) => this.emit({ type: 'export-progress', progress: p }),
          record: (photoId, action, description, value) => this.editor.note(action, description, null, value, null, photoId),
        }).finally(() => {
          this.exportJob = null;
        });
        this.exportJob = { id, abort, done };
        return { jobId: id };
      },
      previewExport: async ({ photoIds, options }) => {
        for (const id of photoIds ?? []) requirePhoto(this.db, id);
        return previewExport(this.archive, photoIds, options, (photoId) => this.editor.history(photoId, 1_000_000));
      },
      cancelExport: async ({ jobId }) => {
        if (!this.exportJob || this.exportJob.id !== jobId) return { cancelled: false };
        this.exportJob.abort.abort();
        return { cancelled: true };
      },
      listBackups: async () => listBackups(this.archive.dir),
      backupNow: async () => this.backup(),
      restoreBackup: async ({ name }) => {
        if (this.job) throw new ConflictError('Wait for the import to finish (or cancel it) before restoring a backup.');
        await this.backingUp.catch(() => undefined);
        const dir = this.archive.dir;
        // Hold the writer lock across close, restore and reopen, so no other process slips in between.
        const keep = acquireWriterLock(dir, this.lockHolder());
        this.archive.close();
        try {
          return restoreBackup(dir, name);
        } finally {
          // Reopen whatever is there now: the restored catalogue, or the old one if restoring failed.
          try {
            this.archive = this.open(dir);
            this.editor = this.newEditor();
            this.emit({ type: 'archive-changed' });
          } finally {
            keep.release();
          }
        }
      },
    };
  }
}
