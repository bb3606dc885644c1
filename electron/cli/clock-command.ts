// `clock-shift`: camera clock correction from the command line, over the same core as the app. One
// undoable step in the catalogue's undo stack (the app's Ctrl+Z reverts it), under the writer lock.
import os from 'node:os';
import type { ClockPlan, ClockShift } from '../../shared/api';
import type { Archive } from '../catalog/archive';
import { parseClockOffset, planClockShift } from '../catalog/clock';
import { Editor } from '../catalog/edits';
import { InvalidRequestError } from '../catalog/errors';
import { requireSomethingToShift } from '../service/clock-api';

export const CLOCK_USAGE = `  clock-shift <id...> (--by <duration> | --set <YYYY-MM-DDTHH:MM[:SS]> --photo <id>) --archive <dir>
         [--dry-run] [--actor <name>] [--json]
      Correct a wrong camera clock: --by moves every listed photo's capture time by a duration
      (+01:03:00, --by=-00:30, +2d 01:00:00, +1h3m, 90s); --set gives --photo's true local time and
      the others move by the same amount. The file's own time is kept (shown as "camera said");
      the corrected time sorts, searches and exports. Repeated shifts add up. Photos without a
      capture time are reported and left alone. One undoable step. --dry-run only previews.`;

export interface ClockOptions {
  by?: string;
  set?: string;
  photo?: string;
  'dry-run'?: boolean;
  actor?: string;
  json: boolean;
}

function ids(args: string[]): number[] {
  const list = args.flatMap((a) => a.split(',')).filter((a) => a.trim() !== '');
  if (list.length === 0) throw new InvalidRequestError('clock-shift needs the photo ids to correct (see list).');
  return list.map((a) => {
    const n = Number(a);
    if (!Number.isSafeInteger(n) || n < 1) throw new InvalidRequestError(`"${a}" is not a photo id.`);
    return n;
  });
}

function actorOf(archive: Archive, actor: string | undefined): string {
  if (actor?.trim()) return actor.trim();
  const r = archive.db.prepare("SELECT value FROM settings WHERE key = 'userName'").get() as { value: string } | undefined;
  return r?.value ?? os.userInfo().username;
}

function shiftOf(o: ClockOptions): ClockShift {
  if ((o.by === undefined) === (o.set === undefined)) throw new InvalidRequestError('Give either --by <duration> or --set <true time> --photo <id>.');
  if (o.by !== undefined) return { by: parseClockOffset(o.by) };
  const photoId = Number(o.photo);
  if (!Number.isSafeInteger(photoId) || photoId < 1) throw new InvalidRequestError('--set needs --photo <id>: the photo whose true time it is.');
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$/.test(o.set!)) throw new InvalidRequestError(`"${o.set}" is not a local date and time: write YYYY-MM-DDTHH:MM[:SS].`);
  return { photoId, trueTime: o.set!.replace(' ', 'T') };
}

function describe(plan: ClockPlan, dryRun: boolean): string {
  const lines = [dryRun ? `Would apply: ${plan.label}` : plan.label];
  for (const p of plan.preview) lines.push(`  ${p.id}\t${p.fileName}\t${p.before.replace('T', ' ')} -> ${p.after.replace('T', ' ')}\t(camera said ${p.camera.replace('T', ' ')})`);
  if (plan.changed > plan.preview.length) lines.push(`  ... and ${plan.changed - plan.preview.length} more`);
  if (plan.withoutTimeCount) {
    lines.push(`Left alone, no capture time in the file (${plan.withoutTimeCount}): ${plan.withoutTime.map((p) => `${p.id} ${p.fileName}`).join(', ')}${plan.withoutTimeCount > plan.withoutTime.length ? ', ...' : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function clockShiftCommand(archive: Archive, args: string[], o: ClockOptions, out: NodeJS.WritableStream): Promise<number> {
  const photoIds = ids(args);
  const shift = shiftOf(o);
  const actor = actorOf(archive, o.actor);
  let plan: ClockPlan;
  if (o['dry-run']) {
    plan = planClockShift(archive.db, photoIds, shift, actor).plan;
  } else {
    const editor = new Editor(archive.db, () => actor, () => {}, 'catalogue');
    let planned: ClockPlan | null = null;
    editor.commit(
      () => {
        const r = planClockShift(archive.db, photoIds, shift, actor);
        planned = r.plan;
        requireSomethingToShift(r.plan);
        return r.changes;
      },
      () => planned!.label,
    );
    plan = planned!;
  }
  out.write(o.json ? `${JSON.stringify({ ...plan, dryRun: !!o['dry-run'] }, null, 2)}\n` : describe(plan, !!o['dry-run']));
  return 0;
}
