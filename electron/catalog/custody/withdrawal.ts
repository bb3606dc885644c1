// Withdraw, don't delete: a withdrawn photo (or failed entry) leaves the grid, searches, facets and
// exports, but its row, annotations, history and original stay, and it can be reinstated. Withdrawal
// and reinstatement are edits (photo.withdraw / photo.reinstate change sets), so they are in the
// photo's history with the reason and can be undone like any other step.
import type { Db } from '../db';
import { NotFoundError } from '../errors';
import type { Change } from '../edits';

export interface Withdrawal {
  at: string;
  reason: string;
}

export function writeWithdrawal(db: Db, photoId: number, w: Withdrawal | null): void {
  db.prepare('UPDATE photos SET withdrawn_at = ?, withdrawn_reason = ? WHERE id = ?').run(w?.at ?? null, w?.reason ?? null, photoId);
}

export function withdrawalOf(db: Db, photoId: number): Withdrawal | null {
  const r = db.prepare('SELECT withdrawn_at, withdrawn_reason FROM photos WHERE id = ?').get(photoId) as
    | { withdrawn_at: string | null; withdrawn_reason: string | null }
    | undefined;
  if (!r) throw new NotFoundError(`No photo with id ${photoId} in this archive.`);
  return r.withdrawn_at === null ? null : { at: r.withdrawn_at, reason: r.withdrawn_reason ?? '' };
}

export interface WithdrawPlan {
  /** Photos (and failed entries) that would change. */
  changes: number;
  /** Already in the wanted state: nothing to do for them. */
  unchanged: number;
  /** Of those that would change, how many are failed imports rather than photos. */
  failedEntries: number;
}

/** What withdrawing (or reinstating) these would do: the preview before the step. */
export function planWithdrawal(db: Db, photoIds: number[], withdraw: boolean): { plan: WithdrawPlan; changes: Change[] } {
  const at = new Date().toISOString();
  const changes: Change[] = [];
  let failedEntries = 0;
  for (const id of new Set(photoIds)) {
    const before = withdrawalOf(db, id);
    if (withdraw === (before !== null)) continue;
    const status = (db.prepare('SELECT status FROM photos WHERE id = ?').get(id) as { status: string }).status;
    if (status === 'error') failedEntries++;
    changes.push(
      withdraw
        ? { action: 'photo.withdraw', photoId: id, entityId: null, old: null, new: { at, reason: '' } }
        : { action: 'photo.reinstate', photoId: id, entityId: null, old: before, new: null },
    );
  }
  return { plan: { changes: changes.length, unchanged: new Set(photoIds).size - changes.length, failedEntries }, changes };
}

export function withReason(changes: Change[], reason: string): Change[] {
  return changes.map((c) => (c.action === 'photo.withdraw' && c.new ? { ...c, new: { ...c.new, reason } } : c));
}

/** The history label of a withdrawal step. */
export function withdrawalLabel(withdraw: boolean, n: number, reason: string): string {
  const what = `${n} ${n === 1 ? 'photo' : 'photos'}`;
  return withdraw ? `Withdraw ${what}: ${reason}` : `Reinstate ${what}`;
}
