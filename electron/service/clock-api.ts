// The camera clock part of the API contract: preview a clock shift, and apply it as one undoable step.
// Kept out of session.ts, which only wires it.
import type { ApiEvent, ApiHandlers } from '../../shared/api';
import type { Archive } from '../catalog/archive';
import { planClockShift } from '../catalog/clock';
import type { Editor } from '../catalog/edits';
import { InvalidRequestError } from '../catalog/errors';

export interface ClockContext {
  archive: () => Archive;
  editor: () => Editor;
  actor: () => string;
  emit: (e: ApiEvent) => void;
}

/** Refuses a shift that would change nothing, saying why (the dialog shows the message). */
export function requireSomethingToShift(plan: { changed: number; deltaSeconds: number; withoutTimeCount: number }): void {
  if (plan.changed > 0) return;
  if (plan.deltaSeconds === 0) throw new InvalidRequestError('The shift is zero: nothing to correct.');
  throw new InvalidRequestError(
    `None of the selected photos has a capture time (${plan.withoutTimeCount} without): there is no time to correct, and none is invented.`,
  );
}

export function clockHandlers(ctx: ClockContext): Pick<ApiHandlers, 'planClockShift' | 'applyClockShift'> {
  return {
    planClockShift: async ({ photoIds, shift }) => planClockShift(ctx.archive().db, photoIds, shift, ctx.actor()).plan,
    applyClockShift: async ({ photoIds, shift }) => {
      const editor = ctx.editor();
      let plan = null as ReturnType<typeof planClockShift>['plan'] | null;
      // Planned inside the write transaction, so the offsets it adds to are the ones on disk.
      const touched = editor.commit(
        () => {
          const r = planClockShift(ctx.archive().db, photoIds, shift, ctx.actor());
          plan = r.plan;
          requireSomethingToShift(r.plan);
          return r.changes;
        },
        () => plan!.label,
      );
      if (touched.length) {
        ctx.emit({ type: 'annotations-changed', photoIds: touched });
        // The grid's order and dates change.
        ctx.emit({ type: 'archive-changed' });
      }
      return plan!;
    },
  };
}
