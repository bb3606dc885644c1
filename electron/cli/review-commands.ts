// The review workflow from the command line: set a photo's review status (sealing makes its
// annotations read-only; unsealing needs --reason) and mark or unmark it sensitive. The same core
// call as the app's (review/changes.ts), one undoable step in the history under --actor.
import { ReviewStatus } from '../../shared/api';
import type { Archive } from '../catalog/archive';
import type { Editor } from '../catalog/edits';
import { describeReview, planReview } from '../catalog/review/changes';

export const REVIEW_ARGS = {
  status: { type: 'string' },
  reason: { type: 'string' },
  sensitive: { type: 'string' },
} as const;

export const REVIEW_USAGE = `  review <id>[,<id>...] [--status new|annotated|reviewed|sealed] [--reason <text>] [--sensitive yes|no]
         --archive <dir> [--actor <name>] [--json]
      Set the review status and/or the sensitive flag. A sealed photo's annotations are read-only
      (tag, untag, set and region refuse them); changing a sealed photo's status unseals it and
      needs --reason, which the history keeps.`;

export interface ReviewOptions {
  json: boolean;
  status?: string;
  reason?: string;
  sensitive?: string;
}

export function reviewCommand(
  archive: Archive,
  editor: Editor,
  actor: string,
  photoIds: number[],
  o: ReviewOptions,
  out: NodeJS.WritableStream,
  usage: (message: string) => Error,
): number {
  const status = o.status === undefined ? undefined : ReviewStatus.safeParse(o.status.trim().toLowerCase());
  if (status && !status.success) throw usage(`--status takes ${ReviewStatus.options.join(', ')}.`);
  const s = o.sensitive?.trim().toLowerCase();
  if (s !== undefined && !['yes', 'no', 'true', 'false'].includes(s)) throw usage('--sensitive takes yes or no.');
  const sensitive = s === undefined ? undefined : s === 'yes' || s === 'true';
  if (!status && sensitive === undefined) throw usage('review needs --status and/or --sensitive.');
  const input = { photoIds, status: status?.data, sensitive, unsealReason: o.reason?.trim() || undefined };
  const { summary, changes } = planReview(archive.db, input, actor);
  editor.commit(changes, describeReview(archive.db, input, changes));
  const kept = summary.sealedKept.count
    ? ` ${summary.sealedKept.count} sealed photo(s) kept their status (${summary.sealedKept.fileNames.join(', ')}): give --reason to unseal.`
    : '';
  out.write(o.json ? `${JSON.stringify(summary, null, 2)}\n` : `Status changed on ${summary.statusChanged}, sensitive flag on ${summary.sensitiveChanged} of ${summary.photos} photo(s).${kept}\n`);
  return summary.sealedKept.count > 0 && summary.statusChanged === 0 && summary.sensitiveChanged === 0 ? 1 : 0;
}
