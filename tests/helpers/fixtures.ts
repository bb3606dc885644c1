// Test material: the team's real camera photos (read-only, copied before use) and generated bad files.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = path.resolve(PROJECT_ROOT, '..', 'shared', 'fixtures');
export const CAMERAS = path.join(FIXTURES, 'cameras');
export const ORIENTATION = path.join(FIXTURES, 'orientation');

export function tempDir(prefix = 'archive-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function listJpegs(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /\.jpe?g$/i.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Copies fixture files into a fresh folder, so nothing can touch the shared originals. */
export function copyFixtures(files: string[], into = tempDir('photos-')): string {
  for (const f of files) fs.copyFileSync(f, path.join(into, path.basename(f)));
  return into;
}

/** exiftool is the reference reader; the suite needs it (installed by .ci/run). */
export function exiftoolJson(files: string[], tags: string[]): Array<Record<string, unknown>> {
  try {
    const out = execFileSync('exiftool', ['-json', '-n', ...tags.map((t) => `-${t}`), ...files], { encoding: 'utf8', maxBuffer: 64 << 20 });
    return JSON.parse(out) as Array<Record<string, unknown>>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('exiftool is not installed (apt-get install libimage-exiftool-perl); it is the reference these tests compare against.', {
        cause: err,
      });
    }
    throw err;
  }
}

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** SHA-256 of a file's bytes, hex: what the archive records for an original. */
export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
