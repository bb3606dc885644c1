// The review part of the API contract: a photo's review status and sensitive flag, read and set
// (one undoable step per call). Kept out of session.ts, which only wires it.
import type { ApiEvent, ApiHandlers } from '../../shared/api';
import type { Archive } from '../catalog/archive';
import { requirePhoto } from '../catalog/annotations';
import type { Editor } from '../catalog/edits';
import { describeReview, planReview } from '../catalog/review/changes';
import { effectiveStatus, isSensitive, statusOf } from '../catalog/review/state';

export interface ReviewContext {
  archive: () => Archive;
  editor: () => Editor;
  actor: () => string;
  emit: (e: ApiEvent) => void;
}

type ReviewMethods = 'getReview' | 'planReview' | 'setReview';

export function reviewHandlers(ctx: ReviewContext): Pick<ApiHandlers, ReviewMethods> {
  const db = () => ctx.archive().db;
  return {
    getReview: async ({ photoId }) => {
      const d = db();
      requirePhoto(d, photoId);
      const set = statusOf(d, photoId);
      const status = effectiveStatus(d, photoId);
      const automatic = set.status === 'new';
      return {
        photoId,
        status,
        automatic,
        by: automatic ? null : set.by,
        at: automatic ? null : set.at,
        unsealReason: set.reason ?? null,
        sensitive: isSensitive(d, photoId),
      };
    },
    planReview: async (input) => planReview(db(), input, ctx.actor()).summary,
    setReview: async (input) => {
      const d = db();
      const { summary, changes } = planReview(d, input, ctx.actor());
      const ids = ctx.editor().commit(changes, () => describeReview(d, input, changes));
      if (ids.length) {
        ctx.emit({ type: 'annotations-changed', photoIds: ids });
        // Status and sensitivity show in the grid (tiles, facet counts).
        ctx.emit({ type: 'archive-changed' });
      }
      return summary;
    },
  };
}
