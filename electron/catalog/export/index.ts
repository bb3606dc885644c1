// Export formats by name, and running one as a job with progress and cancel.
import type { ExportFormat, ExportOptions, ExportProgress, HistoryEntry } from '../../../shared/api';
import type { Archive } from '../archive';
import * as bagit from './bagit';
import { collectExport } from './collect';
import { checkExportDestination } from './destination';
import * as coco from './coco';
import * as csv from './csv';
import * as html from './html';
import * as webanno from './webanno';
import { ExportCancelled, writeAtomically, type ExportWriter } from './writer';
import * as xmp from './xmp';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { actorName, recordCustody } from '../custody/record';

/** One module per format; one whose writer is null is refused with a clear message. */
export const WRITERS: Record<ExportFormat, ExportWriter | null> = {
  bagit: bagit.write,
  xmp: xmp.write,
  coco: coco.write,
  webanno: webanno.write,
  csv: csv.write,
  html: html.write,
};

export interface ExportJobOptions {
  format: ExportFormat;
  out: string;
  photoIds: number[] | null;
  options: ExportOptions;
  jobId: string;
  signal: AbortSignal;
  history: (photoId: number | null) => HistoryEntry[];
  onProgress?: (p: ExportProgress) => void;
}

export async function runExport(archive: Archive, o: ExportJobOptions): Promise<ExportProgress> {
  const writer = WRITERS[o.format];
  const progress: ExportProgress = { jobId: o.jobId, format: o.format, state: 'running', total: 0, done: 0, currentFile: null, out: o.out, message: null };
  const emit = () => o.onProgress?.({ ...progress });
  if (!writer) {
    progress.state = 'failed';
    progress.message = `Export to ${o.format} is not available yet.`;
    emit();
    return progress;
  }
  try {
    checkExportDestination(o.out, o.format, archive.dir);
    const set = collectExport(archive, o.photoIds, o.history);
    progress.total = set.photos.length;
    emit();
    await writeAtomically(o.out, (tmp) =>
      writer(set, tmp, {
        options: o.options,
        signal: o.signal,
        progress: (file) => {
          if (o.signal.aborted) throw new ExportCancelled();
          progress.done = Math.min(progress.total, progress.done + 1);
          progress.currentFile = file;
          emit();
        },
      }),
    );
    if (o.signal.aborted) throw new ExportCancelled();
    progress.state = 'done';
    progress.currentFile = null;
    progress.message = `Exported ${set.photos.length} photo${set.photos.length === 1 ? '' : 's'} to ${o.out}.`;
    // The hash of a single-file export (a bag or sidecar folder lists its own in its manifests).
    const written = fs.statSync(o.out).isFile() ? createHash('sha256').update(fs.readFileSync(o.out)).digest('hex') : null;
    // Custody: where each photo went, in which form, with the hash of the bytes it stands for.
    recordCustody(
      archive.db,
      actorName(archive.db),
      set.photos.map((p) => ({
        action: 'custody.export',
        description: `Exported as ${o.format} to ${o.out}`,
        photoId: p.photo.id,
        details: { format: o.format, destination: o.out, photos: set.photos.length, sha256: p.photo.sha256, fileSha256: written, chainHead: set.custody?.chainHead.hash ?? null },
      })),
    );
  } catch (err) {
    progress.state = err instanceof ExportCancelled || o.signal.aborted ? 'cancelled' : 'failed';
    progress.currentFile = null;
    progress.message = progress.state === 'cancelled' ? 'Export cancelled; nothing was left at the destination.' : `Export failed: ${(err as Error).message}`;
  }
  emit();
  return progress;
}
