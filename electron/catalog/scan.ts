// Walking the files and folders a user chose, collecting every regular file in them.
import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface FoundFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface ScanResult {
  files: FoundFile[];
  problems: Array<{ path: string; reason: string }>;
}

export async function scanPaths(roots: string[], signal?: AbortSignal): Promise<ScanResult> {
  const result: ScanResult = { files: [], problems: [] };
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();

  async function visit(p: string): Promise<void> {
    if (signal?.aborted) return;
    let st;
    try {
      st = await fs.stat(p);
    } catch (err) {
      result.problems.push({ path: p, reason: `cannot read: ${describeFsError(err)}` });
      return;
    }
    if (st.isDirectory()) {
      // Symlinked folders can form loops; visit each real folder once.
      let real: string;
      try {
        real = await fs.realpath(p);
      } catch (err) {
        result.problems.push({ path: p, reason: `cannot read folder: ${describeFsError(err)}` });
        return;
      }
      if (seenDirs.has(real)) return;
      seenDirs.add(real);
      let entries: string[];
      try {
        entries = await fs.readdir(p);
      } catch (err) {
        result.problems.push({ path: p, reason: `cannot read folder: ${describeFsError(err)}` });
        return;
      }
      entries.sort();
      for (const name of entries) {
        if (name.startsWith('.')) continue; // hidden files and OS litter (.DS_Store, ._IMG_1.JPG)
        await visit(path.join(p, name));
      }
      return;
    }
    if (!st.isFile()) {
      // Named pipes, sockets and devices are never opened: opening a pipe blocks until something
      // writes to it, and a device such as /dev/zero never ends. One named like a photo (or chosen
      // by the user) is reported, so it does not vanish silently from the import.
      result.problems.push({ path: p, reason: `not a regular file (${specialKind(st)})` });
      return;
    }
    // Every regular file goes on: what it is is decided by its contents, not its name.
    if (seenFiles.has(p)) return;
    seenFiles.add(p);
    result.files.push({ path: p, size: st.size, mtimeMs: Math.trunc(st.mtimeMs) });
  }

  for (const root of roots) await visit(path.resolve(root));
  return result;
}

function specialKind(st: Stats): string {
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'a special file';
}

export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many symbolic links (a link loop)';
    case 'EISDIR':
      return 'is a folder';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}
