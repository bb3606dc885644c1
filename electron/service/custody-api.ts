// The custody part of the API contract: withdraw/reinstate, clearing Import problems, verify (the
// originals and the history chain), the custody report, and RFC 3161 time-stamps (stamp now, check a bag). Kept out of session.ts, which only wires it.
import type { ApiEvent, ApiHandlers } from '../../shared/api';
import type { Archive } from '../catalog/archive';
import { recordCustody } from '../catalog/custody/record';
import { buildCustodyReport, custodyReportHtml } from '../catalog/custody/report';
import { verifyArchiveAndChain } from '../catalog/custody/verify-all';
import { planWithdrawal, withdrawalLabel, withReason } from '../catalog/custody/withdrawal';
import type { Editor } from '../catalog/edits';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describeProblems, validateBag } from '../catalog/bag/validate';
import { ConflictError, InvalidRequestError } from '../catalog/errors';
import { checkBagTimestamps } from '../catalog/timestamp/bag-tokens';
import { stampChainHead } from '../catalog/timestamp/store';
import { TsaError } from '../catalog/timestamp/tsa-client';
import { countPhotos } from '../catalog/photos';

export interface CustodyContext {
  archive: () => Archive;
  editor: () => Editor;
  actor: () => string;
  emit: (e: ApiEvent) => void;
}

type CustodyMethods = 'planWithdraw' | 'withdrawPhotos' | 'reinstatePhotos' | 'clearProblems' | 'verifyArchive' | 'getCustodyReport' | 'timestampNow' | 'verifyBag';

export function custodyHandlers(ctx: CustodyContext): Pick<ApiHandlers, CustodyMethods> {
  const db = () => ctx.archive().db;
  const changed = (ids: number[]) => {
    if (ids.length === 0) return;
    ctx.emit({ type: 'annotations-changed', photoIds: ids });
    ctx.emit({ type: 'archive-changed' });
  };
  return {
    planWithdraw: async ({ photoIds, withdraw }) => planWithdrawal(db(), photoIds, withdraw).plan,
    withdrawPhotos: async ({ photoIds, reason }) => {
      const { changes } = planWithdrawal(db(), photoIds, true);
      changed(ctx.editor().commit(withReason(changes, reason), withdrawalLabel(true, changes.length, reason)));
      return { changed: changes.length };
    },
    reinstatePhotos: async ({ photoIds }) => {
      const { changes } = planWithdrawal(db(), photoIds, false);
      changed(ctx.editor().commit(changes, withdrawalLabel(false, changes.length, '')));
      return { changed: changes.length };
    },
    clearProblems: async () => {
      const d = db();
      const before = countPhotos(d).problems;
      const failed = (d.prepare("SELECT id FROM photos WHERE status = 'error' AND withdrawn_at IS NULL").all() as Array<{ id: number }>).map((r) => r.id);
      const reason = 'Cleared from Import problems';
      if (failed.length) {
        const { changes } = planWithdrawal(d, failed, true);
        ctx.editor().commit(withReason(changes, reason), withdrawalLabel(true, changes.length, reason));
      }
      // The marker that hides duplicates and sidecar problems listed so far (photos.ts reads it).
      recordCustody(d, ctx.actor(), [
        { action: 'problems.clear', description: `Cleared ${before} import problem${before === 1 ? '' : 's'} (failed entries withdrawn)`, photoId: null, details: { cleared: before, failedEntries: failed } },
      ]);
      ctx.emit({ type: 'archive-changed' });
      return { cleared: before };
    },
    verifyArchive: async () => {
      // Progress for the Verify dialog, at most ten updates a second (and always the last).
      let last = 0;
      const r = await verifyArchiveAndChain(ctx.archive(), ctx.actor(), (done, total) => {
        const now = Date.now();
        if (now - last < 100 && done < total) return;
        last = now;
        ctx.emit({ type: 'verify-progress', done, total });
      });
      ctx.emit({ type: 'archive-changed' });
      return r;
    },
    timestampNow: async () => {
      try {
        return await stampChainHead(db());
      } catch (e) {
        // Offline or refused: a message for the user (HTTP 409), nothing stored, try again later.
        if (e instanceof TsaError) throw new ConflictError(e.message);
        throw e;
      }
    },
    verifyBag: async ({ path: bag }) => {
      if (!path.isAbsolute(bag)) throw new InvalidRequestError(`Give the bag folder's full path (${JSON.stringify(bag)} is relative).`);
      const st = await fs.stat(bag).catch(() => null);
      if (!st?.isDirectory()) throw new InvalidRequestError(`Cannot check ${bag}: ${st ? 'it is a file; a BagIt package is a folder' : 'there is no such folder'}.`);
      const report = await validateBag(path.resolve(bag));
      return { bag: report.bag, valid: report.valid, problems: describeProblems(report), warnings: report.warnings, timestamps: await checkBagTimestamps(report.bag) };
    },
    getCustodyReport: async ({ photoIds }) => {
      const json = buildCustodyReport(db(), photoIds, (id) => ctx.editor().history(id, 1_000_000));
      return { json, html: custodyReportHtml(json) };
    },
  };
}
