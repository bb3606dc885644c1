// Re-hashing every original to prove it is still the file that was catalogued.
import { originalFile, type Archive } from './archive';
import { hashFile } from './hashing';
import { describeFsError } from './scan';

export interface VerifyIssue {
  id: number;
  path: string;
  problem: 'changed' | 'missing' | 'unreadable';
  detail: string;
}

export interface VerifyReport {
  checked: number;
  ok: number;
  issues: VerifyIssue[];
}

export async function verifyArchive(archive: Archive, onEach?: (done: number, total: number) => void): Promise<VerifyReport> {
  const rows = archive.db
    .prepare("SELECT id, source_path, stored_path, sha256 FROM photos WHERE status <> 'error' ORDER BY id")
    .all() as Array<{ id: number; source_path: string; stored_path: string | null; sha256: string }>;
  const report: VerifyReport = { checked: 0, ok: 0, issues: [] };
  for (const row of rows) {
    const file = originalFile(archive.dir, row);
    try {
      const { sha256 } = await hashFile(file);
      if (sha256 === row.sha256) report.ok++;
      else report.issues.push({ id: row.id, path: file, problem: 'changed', detail: `sha256 is now ${sha256}, was ${row.sha256}` });
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      report.issues.push({ id: row.id, path: file, problem: missing ? 'missing' : 'unreadable', detail: describeFsError(err) });
    }
    report.checked++;
    onEach?.(report.checked, rows.length);
  }
  return report;
}
