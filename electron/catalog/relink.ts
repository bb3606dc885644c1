// Originals that moved: flag the ones that are gone (never delete them), and find them again by
// their SHA-256 in a folder the user points at.
import fs from 'node:fs/promises';
import path from 'node:path';
import { originalFile, type Archive } from './archive';
import { InvalidRequestError, NotFoundError } from './errors';
import { hashFile } from './hashing';
import { scanPaths } from './scan';

export interface MissingCheck {
  checked: number;
  missing: number;
  /** Photos whose originals were found again where the archive expects them. */
  returned: number;
}

export interface RelinkReport {
  scanned: number;
  relinked: Array<{ photoId: number; from: string; to: string }>;
  stillMissing: number;
}

interface OriginalRow {
  id: number;
  sha256: string;
  size: number;
  source_path: string;
  stored_path: string | null;
  missing_since: string | null;
}

function catalogued(archive: Archive): OriginalRow[] {
  return archive.db
    .prepare("SELECT id, sha256, size, source_path, stored_path, missing_since FROM photos WHERE status <> 'error' ORDER BY id")
    .all() as OriginalRow[];
}

/** Looks (without reading contents) whether each original is still where the archive expects it. */
export async function checkOriginals(archive: Archive): Promise<MissingCheck> {
  const now = new Date().toISOString();
  const result: MissingCheck = { checked: 0, missing: 0, returned: 0 };
  const flag = archive.db.prepare('UPDATE photos SET missing_since = ? WHERE id = ?');
  // A page of rows at a time: on a large archive one read of every row would hold up the requests
  // of the user who has just opened it.
  const page = archive.db.prepare(
    "SELECT id, sha256, size, source_path, stored_path, missing_since FROM photos WHERE status <> 'error' AND id > ? ORDER BY id LIMIT 2000",
  );
  for (let after = 0; ; ) {
    if (!archive.db.open) break;
    const rows = page.all(after) as OriginalRow[];
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    result.checked += rows.length;
    for (const row of rows) {
      const present = await fs
        .stat(originalFile(archive.dir, row))
        .then((s) => s.isFile())
        .catch(() => false);
      if (!archive.db.open) return result;
      if (!present) {
        result.missing++;
        if (!row.missing_since) flag.run(now, row.id);
      } else if (row.missing_since) {
        result.returned++;
        flag.run(null, row.id);
      }
    }
  }
  return result;
}

/**
 * Relinks missing referenced originals found in `folder` (recursively), matching by hash. Only
 * files of a missing photo's exact size are hashed, so pointing at a large folder stays quick.
 */
export async function relinkFolder(archive: Archive, folder: string, record: (photoId: number, from: string, to: string) => void): Promise<RelinkReport> {
  await checkOriginals(archive);
  const missing = catalogued(archive).filter((r) => r.missing_since && r.stored_path === null);
  const bySize = new Map<number, OriginalRow[]>();
  for (const r of missing) bySize.set(r.size, [...(bySize.get(r.size) ?? []), r]);
  const scan = await scanPaths([folder]);
  const report: RelinkReport = { scanned: scan.files.length, relinked: [], stillMissing: missing.length };
  if (scan.files.length === 0 && scan.problems.length > 0) throw new InvalidRequestError(`Cannot search ${folder}: ${scan.problems[0]!.reason}`);
  const done = new Set<number>();
  for (const file of scan.files) {
    const candidates = (bySize.get(file.size) ?? []).filter((r) => !done.has(r.id));
    if (candidates.length === 0) continue;
    let sha: string;
    try {
      sha = (await hashFile(file.path)).sha256;
    } catch {
      continue;
    }
    const match = candidates.find((r) => r.sha256 === sha);
    if (!match) continue;
    relinkOne(archive, match, file.path);
    record(match.id, match.source_path, file.path);
    report.relinked.push({ photoId: match.id, from: match.source_path, to: file.path });
    done.add(match.id);
  }
  report.stillMissing = missing.length - done.size;
  return report;
}

/** "Locate…" on one photo: the chosen file must be the same bytes; then its folder is searched for the rest. */
export async function locatePhoto(
  archive: Archive,
  photoId: number,
  file: string,
  record: (photoId: number, from: string, to: string) => void,
): Promise<RelinkReport> {
  const row = catalogued(archive).find((r) => r.id === photoId);
  if (!row) throw new NotFoundError(`No photo with id ${photoId} in this archive.`);
  if (row.stored_path !== null) throw new InvalidRequestError('This photo is stored inside the archive; its copy cannot be relinked to an outside file.');
  let sha: string;
  try {
    sha = (await hashFile(path.resolve(file))).sha256;
  } catch (err) {
    throw new InvalidRequestError(`Cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
  if (sha !== row.sha256) throw new InvalidRequestError(`${path.basename(file)} is not this photo: its SHA-256 differs from the one recorded at import.`);
  const to = path.resolve(file);
  if (to !== row.source_path) {
    relinkOne(archive, row, to);
    record(row.id, row.source_path, to);
  }
  archive.db.prepare('UPDATE photos SET missing_since = NULL WHERE id = ?').run(row.id);
  const rest = await relinkFolder(archive, path.dirname(to), record);
  return { ...rest, relinked: to !== row.source_path ? [{ photoId: row.id, from: row.source_path, to }, ...rest.relinked] : rest.relinked };
}

function relinkOne(archive: Archive, row: OriginalRow, to: string): void {
  archive.db.transaction(() => {
    // A failed-import row may hold the new path; the photo now owns it.
    archive.db.prepare("DELETE FROM photos WHERE source_path = ? AND status = 'error'").run(to);
    archive.db.prepare('UPDATE photos SET source_path = ?, missing_since = NULL WHERE id = ?').run(to, row.id);
  })();
}
