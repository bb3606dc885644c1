// The shape every export format implements, and the rule they share: write under a temporary
// name beside the target and rename only when complete, so a cancelled or failed export leaves
// nothing that looks finished.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ExportOptions } from '../../../shared/api';
import type { ExportSet } from './collect';
import type { ExportStamper } from '../timestamp/export-stamps';

export interface ExportContext {
  options: ExportOptions;
  signal: AbortSignal;
  /** Call for each shared (re-rendered, redacted) copy written: it is recorded in the photo's history once the export is in place. */
  sharedCopy?(photoId: number, record: unknown, description: string): void;
  /** Call once per photo written (drives the progress bar), with the file being written. */
  progress(currentFile: string | null): void;
  /** Set when a time-stamping authority is configured: the bag writer asks it for its tokens. */
  stamper?: ExportStamper | null;
}

/** Writes the export into `target` (a file or a folder, as the format decides), which does not exist yet. */
export type ExportWriter = (set: ExportSet, target: string, ctx: ExportContext) => Promise<void>;

export class ExportCancelled extends Error {
  constructor() {
    super('Export cancelled.');
  }
}

/**
 * Runs a writer against a temporary name and moves it to `out` only when the writer finished.
 * The temporary name is unpredictable (random) and the writers create it exclusively (files with
 * O_CREAT|O_EXCL, folders with a plain mkdir), so a symlink planted beside the destination is
 * never followed. The finished file is put in place with link() (which refuses any existing name,
 * a symlink included) and the folder with rename() after a check: rename can only replace an
 * empty folder, never a file or a link, so nothing is ever replaced but an empty folder that
 * appeared in the instant between the check and the rename.
 */
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
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(9).toString('base64url')}.exporting`);
  let made = false;
  try {
    await write(tmp);
    made = true;
    // Asked again: an export can take minutes, and something may have been put there meanwhile.
    await refuseExisting();
    await moveIntoPlace(tmp, target);
  } catch (err) {
    // Only what the writer itself made is removed (lstat: a planted link is not ours to follow or delete).
    if (made || (await isOurs(tmp))) await fs.rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

/** True when `tmp` exists and is not a symlink (the writers create it exclusively, so it is theirs). */
async function isOurs(tmp: string): Promise<boolean> {
  const st = await fs.lstat(tmp).catch(() => null);
  return st !== null && !st.isSymbolicLink();
}

async function moveIntoPlace(tmp: string, target: string): Promise<void> {
  const st = await fs.lstat(tmp);
  if (st.isFile()) {
    try {
      await fs.link(tmp, target); // EEXIST for anything at target, a dangling symlink included
      await fs.unlink(tmp);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new Error(`${target} already exists; choose a new name so nothing is overwritten.`, { cause: err });
      // Disks without hard links (FAT, exFAT, some network shares): checked just above, then renamed.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw err;
    }
  }
  await fs.rename(tmp, target);
}
