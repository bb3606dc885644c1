// Export formats by name, and running one as a job with progress and cancel.
import os from 'node:os';
import type { ExportFormat, ExportLeftOut, ExportOptions, ExportProgress, HistoryEntry } from '../../../shared/api';
import type { Archive } from '../archive';
import * as images from './images';
import { applyProfile, importRootsOf, type ProfileContext } from './profile';
import * as bagit from './bagit';
import { collectExport } from './collect';
import { checkExportDestination } from './destination';
import * as coco from './coco';
import * as csv from './csv';
import * as geojson from './geojson';
import * as html from './html';
import * as webanno from './webanno';
import { ExportCancelled, writeAtomically, type ExportWriter } from './writer';
import * as xmp from './xmp';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { actorName, recordCustody } from '../custody/record';
import { ExportStamper } from '../timestamp/export-stamps';

/** One module per format; one whose writer is null is refused with a clear message. */
export const WRITERS: Record<ExportFormat, ExportWriter | null> = {
  bagit: bagit.write,
  xmp: xmp.write,
  coco: coco.write,
  webanno: webanno.write,
  csv: csv.write,
  html: html.write,
  images: images.write,
  geojson: geojson.write,
};

/** Who runs the app and where their home is: never written to a share export. */
export function profileContext(archive: Archive): ProfileContext {
  let accountName = '';
  let homeDir = os.homedir();
  try {
    const u = os.userInfo();
    accountName = u.username;
    homeDir = u.homedir || homeDir;
  } catch {
    // no passwd entry (some containers): nothing to hide by name
  }
  return { importRoots: importRootsOf(archive), accountName, homeDir };
}

/** What an export with these photos and options would leave out (the dialog shows it before writing). */
export function previewExport(archive: Archive, photoIds: number[] | null, options: ExportOptions, history: (photoId: number | null) => HistoryEntry[]): ExportLeftOut {
  return applyProfile(collectExport(archive, photoIds, history), options, profileContext(archive)).leftOut;
}

export interface ExportJobOptions {
  format: ExportFormat;
  out: string;
  photoIds: number[] | null;
  options: ExportOptions;
  jobId: string;
  signal: AbortSignal;
  history: (photoId: number | null) => HistoryEntry[];
  onProgress?: (p: ExportProgress) => void;
  /** Records in a photo's history what an export did to it (a shared copy made, with both hashes). */
  record?: (photoId: number, action: string, description: string, value: unknown) => void;
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
    const set = applyProfile(collectExport(archive, o.photoIds, o.history), o.options, profileContext(archive)).set;
    const made: Array<{ photoId: number; record: unknown; description: string }> = [];
    const stamper = o.format === 'bagit' ? ExportStamper.for(archive, o.signal) : null;
    progress.total = set.photos.length;
    emit();
    await writeAtomically(o.out, (tmp) =>
      writer(set, tmp, {
        options: o.options,
        signal: o.signal,
        stamper,
        sharedCopy: (photoId, record, description) => made.push({ photoId, record, description }),
        progress: (file) => {
          if (o.signal.aborted) throw new ExportCancelled();
          progress.done = Math.min(progress.total, progress.done + 1);
          progress.currentFile = file;
          emit();
        },
      }),
    );
    if (o.signal.aborted) throw new ExportCancelled();
    // Only once the export is in place: a cancelled one made no copies anyone can hold.
    for (const m of made) o.record?.(m.photoId, 'export.shared-copy', m.description, { format: o.format, export: o.out, ...(m.record as object) });
    progress.state = 'done';
    progress.currentFile = null;
    const photosText = `${set.photos.length} photo${set.photos.length === 1 ? '' : 's'}`;
    const sites = set.sites?.sites.length ?? 0;
    progress.message = o.format === 'geojson' ? `Exported ${sites} site${sites === 1 ? '' : 's'} (of ${photosText}) to ${o.out}.` : `Exported ${photosText} to ${o.out}.`;
    // The hash of a single-file export (a bag or sidecar folder lists its own in its manifests).
    const written = fs.statSync(o.out).isFile() ? createHash('sha256').update(fs.readFileSync(o.out)).digest('hex') : null;
    // Custody: where each photo went, in which form, with the hash of the bytes it stands for
    // (not for a read-only look beside another writer, which cannot record).
    if (!archive.readOnly) recordCustody(
      archive.db,
      actorName(archive.db),
      set.photos.map((p) => ({
        action: 'custody.export',
        description: `Exported as ${o.format} to ${o.out}`,
        photoId: p.photo.id,
        details: { format: o.format, destination: o.out, photos: set.photos.length, sha256: p.photo.sha256, fileSha256: written, chainHead: set.custody?.chainHead.hash ?? null },
      })),
    );
    if (stamper) progress.message += await stamper.finish(archive, o.out);
  } catch (err) {
    progress.state = err instanceof ExportCancelled || o.signal.aborted ? 'cancelled' : 'failed';
    progress.currentFile = null;
    progress.message = progress.state === 'cancelled' ? 'Export cancelled; nothing was left at the destination.' : `Export failed: ${(err as Error).message}`;
  }
  emit();
  return progress;
}
