// The API contract implemented over the core, for any host: Electron IPC, the browser host, tests.
import { randomUUID } from 'node:crypto';
import type { ApiEvent, ArchiveApi, ImportProgress } from '../../shared/api';
import { archiveSchemaVersion, openArchive, type Archive } from '../catalog/archive';
import { runImport, type ImportOptions } from '../catalog/importer';
import { countPhotos, getDetail, listProblems, listSummaries } from '../catalog/photos';

export class NotFoundError extends Error {}
export class ConflictError extends Error {}

export interface SessionOptions {
  host: 'electron' | 'web';
  import?: Pick<ImportOptions, 'concurrency' | 'maxPixels' | 'fileTimeoutMs'>;
}

export class ArchiveSession {
  private archive: Archive;
  private listeners = new Set<(e: ApiEvent) => void>();
  private job: { id: string; abort: AbortController; progress: ImportProgress; done: Promise<ImportProgress> } | null = null;
  readonly api: ArchiveApi;

  constructor(
    archiveDir: string,
    private readonly options: SessionOptions,
  ) {
    this.archive = openArchive(archiveDir);
    this.api = this.createApi();
  }

  get current(): Archive {
    return this.archive;
  }

  /** Switches to another archive folder (File > New/Open archive). Refused while an import runs. */
  switchArchive(dir: string): void {
    if (this.job) throw new ConflictError('Wait for the import to finish (or cancel it) before switching archives.');
    const next = openArchive(dir);
    this.archive.close();
    this.archive = next;
    this.emit({ type: 'archive-changed' });
  }

  onEvent(listener: (e: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when the running import (if any) has finished. */
  async idle(): Promise<ImportProgress | null> {
    return this.job ? this.job.done : null;
  }

  close(): void {
    this.job?.abort.abort();
    this.archive.close();
  }

  private emit(e: ApiEvent): void {
    for (const l of this.listeners) l(e);
  }

  private createApi(): ArchiveApi {
    return {
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
      startImport: async ({ paths, mode }) => {
        if (this.job) throw new ConflictError('An import is already running; wait for it or cancel it first.');
        const id = randomUUID();
        const abort = new AbortController();
        const archive = this.archive;
        const initial: ImportProgress = {
          jobId: id, state: 'scanning', total: 0, done: 0, imported: 0, duplicates: 0, failed: 0, skipped: 0,
          previewsTotal: 0, previewsDone: 0, previewsFailed: 0, currentFile: null, etaSeconds: null, message: null,
        };
        const job = { id, abort, progress: initial, done: Promise.resolve(initial) };
        job.done = runImport(archive, paths, {
          ...this.options.import,
          mode,
          jobId: id,
          signal: abort.signal,
          onProgress: (p) => {
            job.progress = p;
            this.emit({ type: 'import-progress', progress: p });
          },
        })
          .catch((err: unknown) => {
            const failed: ImportProgress = { ...job.progress, state: 'failed', message: `Import failed: ${err instanceof Error ? err.message : String(err)}` };
            this.emit({ type: 'import-progress', progress: failed });
            return failed;
          })
          .finally(() => {
            this.job = null;
          });
        this.job = job;
        return { jobId: id };
      },
      cancelImport: async ({ jobId }) => {
        if (!this.job || this.job.id !== jobId) return { cancelled: false };
        this.job.abort.abort();
        return { cancelled: true };
      },
      getImportProgress: async () => this.job?.progress ?? null,
    };
  }
}
