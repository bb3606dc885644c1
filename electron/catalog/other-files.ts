// Files in an imported folder that are not images or videos: never catalogued as photos, but
// recorded (path, size, hash, why) so the import summary can name them and Import problems list them.
import path from 'node:path';
import type { Db } from './db';

export interface OtherFile {
  path: string;
  size: number;
  sha256: string | null;
  format: string;
  reason: string;
}

export function recordOtherFile(db: Db, f: OtherFile, importId: number): OtherFile {
  db.prepare(
    `INSERT INTO other_files (path, size, sha256, format, reason, found_at, import_id) VALUES (@path, @size, @sha256, @format, @reason, @at, @importId)
     ON CONFLICT (path) DO UPDATE SET size = excluded.size, sha256 = excluded.sha256, format = excluded.format, reason = excluded.reason,
       found_at = excluded.found_at, import_id = excluded.import_id`,
  ).run({ ...f, at: new Date().toISOString(), importId });
  return f;
}

/** A file that has since become a photo (e.g. fixed and imported again) is no longer "other". */
export function forgetOtherFile(db: Db, filePath: string): void {
  db.prepare('DELETE FROM other_files WHERE path = ?').run(filePath);
}

export function listOtherFiles(db: Db, importId?: number): OtherFile[] {
  const sql = 'SELECT path, size, sha256, format, reason FROM other_files' + (importId === undefined ? '' : ' WHERE import_id = ?') + ' ORDER BY path';
  return (importId === undefined ? db.prepare(sql).all() : db.prepare(sql).all(importId)) as OtherFile[];
}

/** " 3 other files not imported (not images): notes.txt, scan.pdf, clip.mkv." — names, not just a count. */
export function summariseOtherFiles(others: OtherFile[], shown = 5): string {
  if (others.length === 0) return '';
  const names = others.slice(0, shown).map((o) => path.basename(o.path));
  const more = others.length > shown ? ` and ${others.length - shown} more` : '';
  const n = others.length;
  return ` ${n} other file${n === 1 ? '' : 's'} not imported (not images or videos; listed under Import problems): ${names.join(', ')}${more}.`;
}
