// The shape every export format implements, and the rule they share: write under a temporary
// name beside the target and rename only when complete, so a cancelled or failed export leaves
// nothing that looks finished.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ExportOptions } from '../../../shared/api';
import type { ExportSet } from './collect';

export interface ExportContext {
  options: ExportOptions;
  signal: AbortSignal;
  /** Call for each shared (re-rendered, redacted) copy written: it is recorded in the photo's history once the export is in place. */
  sharedCopy?(photoId: number, record: unknown, description: string): void;
  /** Call once per photo written (drives the progress bar), with the file being written. */
  progress(currentFile: string | null): void;
}

/** Writes the export into `target` (a file or a folder, as the format decides), which does not exist yet. */
export type ExportWriter = (set: ExportSet, target: string, ctx: ExportContext) => Promise<void>;

export class ExportCancelled extends Error {
  constructor() {
    super('Export cancelled.');
  }
}

/** Runs a writer against a temporary name and renames it to `out` only when the writer finished. */
export async function writeAtomically(out: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const target = path.resolve(out);
  const refuseExisting = async () => {
    if (await fs.lstat(target).then(() => true, () => false)) throw new Error(`${target} already exists; choose a new name so nothing is overwritten.`);
  };
  await refuseExisting();
  // Said in words: the bare ENOTDIR / EEXIST ("file already exists") would read as if the destination itself existed.
  await fs.mkdir(path.dirname(target), { recursive: true }).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`Cannot create the folder ${path.dirname(target)}: ${err.code === 'ENOTDIR' || err.code === 'EEXIST' ? 'part of that path is a file, not a folder' : err.message}.`, { cause: err });
  });
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.exporting`);
  try {
    await write(tmp);
    // Asked again: an export can take minutes, and something may have been put there meanwhile
    // (rename would replace a file, or an empty folder, without a word).
    await refuseExisting();
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw err;
  }
}
