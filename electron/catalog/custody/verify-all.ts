// verify: the originals re-hashed, the history chain recomputed and the time-stamp tokens checked,
// with the result recorded per photo in the history (a custody event: "verified, unchanged" or what
// was wrong).
import type { Archive } from '../archive';
import { verifyArchive, type VerifyReport } from '../verify';
import { verifyChain, type ChainReport } from './chain';
import { recordCustody } from './record';
import type { TimestampCheck } from '../../../shared/api';
import { checkStoredTokens } from '../timestamp/store';

export interface FullVerifyReport extends VerifyReport {
  chain: ChainReport;
  /** Every stored RFC 3161 token, checked offline. */
  timestamps: TimestampCheck[];
}

export async function verifyArchiveAndChain(archive: Archive, actor: string, onEach?: (done: number, total: number) => void): Promise<FullVerifyReport> {
  // The chain is checked before this run's own entries are added to it.
  const chain = verifyChain(archive.db);
  const timestamps = await checkStoredTokens(archive.db);
  const report = await verifyArchive(archive, onEach);
  const issues = new Map(report.issues.map((i) => [i.id, i]));
  const ids = (archive.db.prepare("SELECT id, sha256 FROM photos WHERE status <> 'error' ORDER BY id").all() as Array<{ id: number; sha256: string }>);
  // A read-only look (beside another writer) cannot record; it still reports.
  if (archive.readOnly) return { ...report, chain, timestamps };
  const at = new Date().toISOString();
  recordCustody(
    archive.db,
    actor,
    ids.map(({ id, sha256 }) => {
      const issue = issues.get(id);
      return {
        action: 'custody.verify',
        description: issue ? `Verify: original ${issue.problem} (${issue.detail})` : 'Verify: original unchanged (SHA-256 matches)',
        photoId: id,
        details: { result: issue ? issue.problem : 'unchanged', sha256: sha256, detail: issue?.detail ?? null, chain: chain.ok ? 'intact' : 'broken' },
      };
    }),
    at,
  );
  return { ...report, chain, timestamps };
}
