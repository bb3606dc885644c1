// Review edits as change sets for the Editor: set a status (new, annotated, reviewed, sealed), unseal
// (which needs a reason), mark or unmark sensitive. One call is one undoable step, whatever the size of
// the selection; sealed photos keep their status unless an unseal reason is given.
import type { ReviewChange, ReviewStatus, ReviewSummary } from '../../../shared/api';
import { requirePhoto } from '../annotations';
import type { Db } from '../db';
import type { Change } from '../edits';
import { InvalidRequestError } from '../errors';
import { effectiveStatus, isSensitive, statusOf } from './state';

export const STATUS_LABELS: Record<ReviewStatus, string> = { new: 'new', annotated: 'annotated', reviewed: 'reviewed', sealed: 'sealed' };

type Input = { photoIds: number[]; status?: ReviewStatus; sensitive?: boolean; unsealReason?: string };

/** What a review edit would change, photo by photo, without changing anything. */
export function planReview(db: Db, input: Input, actor: string): { summary: ReviewSummary; changes: Change[] } {
  if (input.status === undefined && input.sensitive === undefined) throw new InvalidRequestError('Say what to set: a review status, the sensitive flag, or both.');
  const ids = [...new Set(input.photoIds)];
  const at = new Date().toISOString();
  const changes: Change[] = [];
  const summary: ReviewSummary = { photos: ids.length, statusChanged: 0, sensitiveChanged: 0, unsealed: 0, sealedKept: { count: 0, fileNames: [] } };
  for (const photoId of ids) {
    requirePhoto(db, photoId);
    if (input.status !== undefined) {
      const old = statusOf(db, photoId);
      const unsealing = old.status === 'sealed' && input.status !== 'sealed';
      if (unsealing && !input.unsealReason) {
        summary.sealedKept.count++;
        if (summary.sealedKept.fileNames.length < 10) summary.sealedKept.fileNames.push(fileName(db, photoId));
      } else if (old.status !== input.status) {
        // Compared with the status set, not the one shown: "annotated" set by hand on a photo that is
        // annotated by itself makes it stick.
        changes.push({ action: 'review.status', photoId, entityId: null, old, new: { status: input.status, by: actor, at, reason: unsealing ? input.unsealReason! : null } });
        summary.statusChanged++;
        if (unsealing) summary.unsealed++;
      }
    }
    if (input.sensitive !== undefined && isSensitive(db, photoId) !== input.sensitive) {
      changes.push({ action: 'review.sensitive', photoId, entityId: null, old: !input.sensitive, new: input.sensitive });
      summary.sensitiveChanged++;
    }
  }
  return { summary, changes };
}

function fileName(db: Db, photoId: number): string {
  return db.prepare('SELECT file_name FROM photos WHERE id = ?').pluck().get(photoId) as string;
}

/** The history's label: "Status: annotated -> reviewed on a.jpg", "Unseal 3 photos (reason)", "Mark 12 photos sensitive". */
export function describeReview(db: Db, input: ReviewChange, changes: Change[]): string {
  const statusChanges = changes.filter((c): c is Extract<Change, { action: 'review.status' }> => c.action === 'review.status');
  const sensitiveChanges = changes.filter((c) => c.action === 'review.sensitive');
  const one = (n: number, photoId: number | undefined) => (n === 1 && photoId !== undefined ? fileName(db, photoId) : `${n} photos`);
  const parts: string[] = [];
  if (statusChanges.length) {
    const first = statusChanges[0]!;
    const froms = [...new Set(statusChanges.map((c) => c.old.status))];
    const from = froms.length === 1 ? froms[0] : 'various';
    const unsealing = from === 'sealed' || statusChanges.some((c) => c.old.status === 'sealed');
    const base = `Status: ${from === 'new' && first.new.status !== 'new' ? effectiveFrom(db, statusChanges) : from} -> ${first.new.status} on ${one(statusChanges.length, first.photoId)}`;
    parts.push(unsealing ? `Unseal (${input.unsealReason ?? ''}); ${base}` : base);
  }
  if (sensitiveChanges.length) {
    parts.push(`${input.sensitive ? 'Mark' : 'Unmark'} ${one(sensitiveChanges.length, sensitiveChanges[0]!.photoId)} sensitive`);
  }
  return parts.join('; ') || 'No change';
}

/** A photo with no status set reads as "annotated" when it has annotations: the label says what the user saw. */
function effectiveFrom(db: Db, changes: Array<Extract<Change, { action: 'review.status' }>>): string {
  const shown = [...new Set(changes.map((c) => effectiveStatus(db, c.photoId)))];
  return shown.length === 1 ? shown[0]! : 'various';
}
