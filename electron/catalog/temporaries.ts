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

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, but belongs to someone else
  }
}
