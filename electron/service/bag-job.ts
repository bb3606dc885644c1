// A bag import as the app runs it (startBagImport): importBag's stages reported as ImportProgress, so
// the import bar shows it like any import (checking the bag's files, importing its originals,
// restoring its annotations), ending with one sentence or the list of problems that refused it.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ImportProgress } from '../../shared/api';
import type { Archive } from '../catalog/archive';
import { BagInvalidError, importBag, type BagImportOptions, type BagImportResult } from '../catalog/bag/import';
import { InvalidRequestError } from '../catalog/errors';

type Bag = NonNullable<ImportProgress['bag']>;

/** Refuses, before any job starts, a path that cannot be a bag folder (the caller is told at once). */
export async function checkBagPath(bag: string): Promise<string> {
  if (!path.isAbsolute(bag)) throw new InvalidRequestError(`Give the bag folder's full path (${JSON.stringify(bag)} is relative).`);
  const st = await fs.stat(bag).catch(() => null);
  if (!st) throw new InvalidRequestError(`Cannot import ${bag}: there is no such folder.`);
  if (!st.isDirectory()) throw new InvalidRequestError(`Cannot import ${bag}: it is a file; a BagIt package is a folder (the one holding bagit.txt).`);
  return path.resolve(bag);
}

/** Where a bag import job starts: checking the bag. */
export function initialBagProgress(jobId: string, bag: string): ImportProgress {
  return {
    jobId, state: 'scanning', total: 0, done: 0, imported: 0, duplicates: 0, failed: 0, skipped: 0,
    previewsTotal: 0, previewsDone: 0, previewsFailed: 0, currentFile: null, etaSeconds: null, message: null,
    bag: { path: bag, stage: 'validating', problems: [] },
  };
}

export interface BagJobOptions {
  jobId: string;
  actor: string;
  signal: AbortSignal;
  import?: BagImportOptions['import'];
  onProgress(p: ImportProgress): void;
}

/**
 * Runs the import to its end; never throws: a failure is the final progress, state 'failed'.
 * photoIds: this archive's ids of the bag's photos whose annotations were restored.
 */
export async function runBagImportJob(archive: Archive, bag: string, o: BagJobOptions): Promise<{ progress: ImportProgress; photoIds: number[] }> {
  let photoIds: number[] = [];
  let progress = initialBagProgress(o.jobId, bag);
  const emit = (next: Partial<ImportProgress>, bagPatch: Partial<Bag> = {}) => {
    progress = { ...progress, ...next, bag: { ...progress.bag!, ...bagPatch } };
    o.onProgress(progress);
  };
  emit({});
  let lastFileEmit = 0;
  try {
    const r = await importBag(archive, bag, {
      actor: o.actor,
      signal: o.signal,
      import: { ...o.import, jobId: o.jobId },
      // Hashing a large bag takes a while: the bar counts its files (at most ten updates a second).
      onValidateFile: (rel, index, total) => {
        const now = Date.now();
        if (now - lastFileEmit < 100 && index + 1 < total) return;
        lastFileEmit = now;
        emit({ state: 'scanning', done: index, total, currentFile: rel });
      },
      onStage: (stage) => {
        if (stage === 'restoring') emit({ state: 'previews', currentFile: null, etaSeconds: null }, { stage });
        else if (stage === 'importing') emit({ done: 0, total: 0, currentFile: null }, { stage });
      },
      // The originals' own import ends with 'done', but the bag's job goes on: its end is reported below.
      onImportProgress: (p) => {
        if (p.state === 'scanning' || p.state === 'importing' || p.state === 'previews') emit({ ...p, jobId: o.jobId, bag: progress.bag });
      },
    });
    photoIds = r.photoIds;
    const conflicts = describeConflicts(r);
    emit({
      state: r.state,
      imported: r.imported,
      failed: r.failed.length,
      currentFile: null,
      etaSeconds: null,
      // Warnings (terms left out, a saved search not added, a bag imported before) belong in the closing sentence.
      message: r.state === 'done' && r.warnings.length ? `${r.message} ${warningsLine(r.warnings)}` : r.message,
    }, { conflicts });
  } catch (err) {
    const problems = err instanceof BagInvalidError ? err.report.problems.map((p) => p.message) : [];
    const n = problems.length;
    const message =
      err instanceof BagInvalidError
        ? `The bag "${path.basename(bag)}" is not a valid BagIt package (${n} problem${n === 1 ? '' : 's'}); nothing was imported.`
        : `Bag import failed: ${err instanceof Error ? err.message : String(err)}`;
    emit({ state: o.signal.aborted ? 'cancelled' : 'failed', currentFile: null, etaSeconds: null, message: o.signal.aborted ? 'Bag import cancelled; nothing was imported.' : message }, { problems });
  }
  return { progress, photoIds };
}

/** One line per disagreement between the bag and this archive, for the import report. */
export function describeConflicts(r: Pick<BagImportResult, 'conflicts' | 'renamedFiles'>): string[] {
  return [
    ...r.conflicts.map((c) =>
      c.type === 'term'
        ? c.resolution === 'added'
          ? `The bag's ${c.kind} term "${c.key}" means something else than this archive's (${c.differences.join('; ')}): added as "${c.newKey}"; this archive's term is unchanged.`
          : `The bag's ${c.kind} term "${c.key}" looks different here (${c.differences.join('; ')}): this archive's term is used, unchanged.`
        : c.type === 'field'
          ? `${c.fileName}: ${c.field} is "${c.here}" here and "${c.inBag}" in the bag; this archive's value was kept.`
          : `The bag's ${c.type} "${c.name}" differs from this archive's (${c.differences.join('; ')}): this archive's was kept.`,
    ),
    ...r.renamedFiles.map((f) => `The file name ${JSON.stringify(f.inBag)} in the bag was made safe: ${JSON.stringify(f.usedHere)}.`),
  ];
}

function warningsLine(warnings: string[]): string {
  return warnings.length === 1 ? `Note: ${warnings[0]}` : `${warnings.length} notes: ${warnings.slice(0, 3).join(' ')}${warnings.length > 3 ? ' …' : ''}`;
}
