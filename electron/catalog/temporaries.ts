// Files a killed process left half-written: derived images (*.<pid>[.<n>].tmp) and copies of
// originals (*.<pid>.partial). Each carries its writer's process id, so another process working on
// the same archive at the same time (the app and the CLI) keeps its own.
import fs from 'node:fs';
import path from 'node:path';

const TEMPORARY = /\.(\d+)(?:\.\d+)?\.(?:tmp|partial)$/;

export function temporaryName(file: string, kind: 'tmp' | 'partial', counter?: number): string {
  return `${file}.${process.pid}${counter === undefined ? '' : `.${counter}`}.${kind}`;
}

export function removeStaleTemporaries(archiveDir: string): number {
  let removed = 0;
  for (const kind of ['thumbs', 'previews', 'originals', 'full']) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(archiveDir, kind), { withFileTypes: true, recursive: true });
    } catch {
      continue; // no such folder yet
    }
    for (const e of entries) {
      const pid = TEMPORARY.exec(e.name)?.[1];
      if (!e.isFile() || pid === undefined || processAlive(Number(pid))) continue;
      fs.rmSync(path.join(e.parentPath, e.name), { force: true });
      removed++;
    }
  }
  return removed;
}

/**
 * The same sweep without blocking: one fan-out folder listed at a time, asynchronously, so the app
 * opens a large archive at once and tidies up behind it. Files of live processes are kept as above.
 */
export async function sweepStaleTemporaries(archiveDir: string): Promise<number> {
  let removed = 0;
  for (const kind of ['thumbs', 'previews', 'originals', 'full']) {
    const top = path.join(archiveDir, kind);
    let folders: fs.Dirent[];
    try {
      folders = await fs.promises.readdir(top, { withFileTypes: true });
    } catch {
      continue; // no such folder yet
    }
    for (const folder of [{ name: '', isDirectory: () => true }, ...folders]) {
      if (!folder.isDirectory()) continue;
      const dir = path.join(top, folder.name);
      let names: string[];
      try {
        names = folder.name ? await fs.promises.readdir(dir, { recursive: true }) : await fs.promises.readdir(dir);
      } catch {
        continue; // removed meanwhile
      }
      for (const name of names) {
        const pid = TEMPORARY.exec(name)?.[1];
        if (pid === undefined || processAlive(Number(pid))) continue;
        const file = path.join(dir, name);
        const stat = await fs.promises.lstat(file).catch(() => null);
        if (!stat?.isFile()) continue;
        await fs.promises.rm(file, { force: true });
        removed++;
      }
    }
  }
  return removed;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, but belongs to someone else
  }
}
