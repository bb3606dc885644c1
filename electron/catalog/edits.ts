// Every annotation and metadata edit as a change set: applied and recorded in the append-only history
// in one transaction, so what the UI shows as saved is on disk. Undo and redo apply a change set
// backwards or forwards and are recorded as change sets of their own.
import type { HistoryEntry, MetaField, SimilarVerdict, UndoState } from '../../shared/api';
import { writeMeta, writeRegion, writeTag, type RegionState } from './annotations';
import { writeDecision } from './similar/group';
import type { Db } from './db';
import type { HistoryRowForChain } from './custody/chain';
import { readableLines, TermLabels } from './custody/readable';
import { writeWithdrawal, type Withdrawal } from './custody/withdrawal';
import { refuseSealed, writeSensitive, writeStatus, type StatusState } from './review/state';
import { applySiteChange, type SiteChange } from './sites/changes';
import { writeClock, type ClockState } from './clock';

export type Change =
  | { action: 'region.create' | 'region.update' | 'region.delete'; photoId: number; entityId: number; old: RegionState | null; new: RegionState | null }
  | { action: 'tag.add' | 'tag.remove'; photoId: number; entityId: number; old: boolean; new: boolean }
  | { action: 'meta.set'; photoId: number; entityId: null; old: { field: MetaField; value: string | null }; new: { field: MetaField; value: string | null } }
  /** entityId is the other photo of the pair; each photo of a pair gets its own row. */
  | { action: 'similar.decide'; photoId: number; entityId: number; old: SimilarVerdict | null; new: SimilarVerdict | null }
  | { action: 'photo.withdraw' | 'photo.reinstate'; photoId: number; entityId: null; old: Withdrawal | null; new: Withdrawal | null }
  | { action: 'review.status'; photoId: number; entityId: null; old: StatusState; new: StatusState }
  | { action: 'review.sensitive'; photoId: number; entityId: null; old: boolean; new: boolean }
  | SiteChange
  /** Camera clock correction (clock.ts): the photo's cumulative offset before and after. */
  | { action: 'photo.clock'; photoId: number; entityId: null; old: ClockState | null; new: ClockState | null };

/** Changes to a photo's annotations, which a sealed photo refuses (review/state.ts); a clock
 * correction too, since it changes the capture time the photo is described and exported with. */
const ANNOTATION_ACTIONS = new Set(['region.create', 'region.update', 'region.delete', 'tag.add', 'tag.remove', 'meta.set', 'photo.clock']);
function refuseSealedAnnotations(db: Db, changes: Change[], what?: string): void {
  refuseSealed(db, changes.flatMap((c) => (ANNOTATION_ACTIONS.has(c.action) && c.photoId !== null ? [c.photoId] : [])), what);
}

/** A history row as stored; the chain defines it, since it hashes every column. */
type HistoryRow = HistoryRowForChain;

function applyState(db: Db, c: Change, forward: boolean): void {
  switch (c.action) {
    case 'region.create':
    case 'region.update':
    case 'region.delete':
      // A region comes into being only under an id nobody holds, and only an existing one is changed.
      writeRegion(db, c.entityId, forward ? c.new : c.old, (forward ? c.old : c.new) === null ? 'new' : 'existing');
      return;
    case 'tag.add':
    case 'tag.remove':
      writeTag(db, c.photoId, c.entityId, forward ? c.new : c.old);
      return;
    case 'meta.set': {
      const v = forward ? c.new : c.old;
      writeMeta(db, c.photoId, v.field, v.value);
      return;
    }
    case 'similar.decide':
      writeDecision(db, c.photoId, c.entityId, forward ? c.new : c.old);
      return;
    case 'photo.withdraw':
    case 'photo.reinstate':
      writeWithdrawal(db, c.photoId, forward ? c.new : c.old);
      return;
    case 'review.status':
      writeStatus(db, c.photoId, forward ? c.new : c.old);
      return;
    case 'review.sensitive':
      writeSensitive(db, c.photoId, forward ? c.new : c.old);
      return;
    case 'photo.clock':
      writeClock(db, c.photoId, forward ? c.new : c.old);
      return;
    default:
      applySiteChange(db, c, forward);
  }
}

function rowToChange(r: HistoryRow): Change {
  return {
    action: r.action,
    photoId: r.photo_id,
    entityId: r.entity_id,
    old: r.old_json === null ? null : JSON.parse(r.old_json),
    new: r.new_json === null ? null : JSON.parse(r.new_json),
  } as Change;
}

type Step = { changeSet: number; label: string };
/** An undone or redone step: its label, the photos it touched and the kinds of change in it. */
type Replayed = { label: string; photoIds: number[]; actions: string[] };
type StackName = 'undo' | 'redo';

/** How many undo steps are kept; older ones stay in the history but can no longer be undone. */
export const MAX_UNDO_STEPS = 1000;

export class Editor {
  private undoStack: Step[] = [];
  private redoStack: Step[] = [];

  constructor(
    private readonly db: Db,
    private readonly actor: () => string,
    /** Called after every committed, undone or redone step (the session counts them for backups). */
    private readonly onStep: () => void = () => {},
    /**
     * 'catalogue': the stacks are kept in the catalogue (table undo_steps), written in the same
     * transaction as each edit, and picked up again when the archive reopens: the app's editor.
     * 'memory': they live and die with this object (sidecar import, CLI commands).
     */
    private readonly steps: 'memory' | 'catalogue' = 'memory',
  ) {
    if (steps === 'catalogue') {
      const load = (stack: StackName) =>
        (this.db.prepare('SELECT change_set AS changeSet, label FROM undo_steps WHERE stack = ? ORDER BY pos').all(stack) as Step[]);
      this.undoStack = load('undo');
      this.redoStack = load('redo');
    }
  }

  /**
   * Applies and records one user action; returns the photos it touched. Pass a function when the
   * changes need new ids (regions): it runs inside the write transaction, so the ids it allocates
   * cannot be taken by anyone else before they are written.
   */
  commit(build: Change[] | (() => Change[]), label: string | (() => string)): number[] {
    let changes: Change[] = [];
    this.atomically(() => {
      changes = typeof build === 'function' ? build() : build;
      if (changes.length === 0) return;
      refuseSealedAnnotations(this.db, changes);
      // A label may name what the build allocated (a region's id), so it is read after it.
      const text = typeof label === 'function' ? label() : label;
      for (const c of changes) applyState(this.db, c, true);
      const cs = this.record(changes, text, null);
      this.push('undo', { changeSet: cs, label: text });
      this.clear('redo');
    });
    if (changes.length === 0) return [];
    this.onStep();
    return photoIdsOf(changes);
  }

  /**
   * The stacks change only inside the transaction of the edit they belong to, so the catalogue's copy
   * and the history always agree; if it rolls back, the in-memory stacks are put back as they were.
   */
  private atomically<T>(work: () => T): T {
    const before = { undo: [...this.undoStack], redo: [...this.redoStack] };
    try {
      // IMMEDIATE: the write lock is taken before the first read, so ids read here stay free until written.
      return this.db.transaction(work).immediate();
    } catch (err) {
      this.undoStack = before.undo;
      this.redoStack = before.redo;
      throw err;
    }
  }

  private push(stack: StackName, step: Step): void {
    const list = stack === 'undo' ? this.undoStack : this.redoStack;
    if (this.steps === 'catalogue') {
      this.db
        .prepare("INSERT INTO undo_steps (stack, pos, change_set, label) VALUES (?, (SELECT coalesce(max(pos), 0) + 1 FROM undo_steps WHERE stack = ?), ?, ?)")
        .run(stack, stack, step.changeSet, step.label);
      if (list.length >= MAX_UNDO_STEPS) {
        this.db.prepare('DELETE FROM undo_steps WHERE stack = ? AND pos = (SELECT min(pos) FROM undo_steps WHERE stack = ?)').run(stack, stack);
      }
    }
    if (list.length >= MAX_UNDO_STEPS) list.shift();
    list.push(step);
  }

  private pop(stack: StackName): Step | undefined {
    const top = (stack === 'undo' ? this.undoStack : this.redoStack).pop();
    if (top && this.steps === 'catalogue') {
      this.db.prepare('DELETE FROM undo_steps WHERE stack = ? AND pos = (SELECT max(pos) FROM undo_steps WHERE stack = ?)').run(stack, stack);
    }
    return top;
  }

  private clear(stack: StackName): void {
    if (stack === 'undo') this.undoStack = [];
    else this.redoStack = [];
    if (this.steps === 'catalogue') this.db.prepare('DELETE FROM undo_steps WHERE stack = ?').run(stack);
  }

  /** Records an action that is not undoable (vocabulary edits, relinks), for the history only. */
  note(action: string, label: string, old: unknown, next: unknown, entityId: number | null = null, photoId: number | null = null): void {
    this.db.transaction(() => {
      const cs = this.nextChangeSet();
      this.db
        .prepare('INSERT INTO history (change_set, at, actor, action, description, photo_id, entity_id, old_json, new_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(cs, new Date().toISOString(), this.actor(), action, label, photoId, entityId, JSON.stringify(old ?? null), JSON.stringify(next ?? null));
    })();
    this.onStep();
  }

  /**
   * Forgets the undo and redo steps. Merging terms rewrites tags and regions outside any change set,
   * so replaying older steps afterwards would put back a merged-away term or miss the merged one.
   */
  clearSteps(): void {
    this.atomically(() => {
      this.clear('undo');
      this.clear('redo');
    });
  }

  undo(): Replayed | null {
    return this.replay('undo');
  }

  redo(): Replayed | null {
    return this.replay('redo');
  }

  /** Undo: reverses the top undo step and moves it to the redo stack; redo: the other way round. */
  private replay(from: StackName): Replayed | null {
    const undoing = from === 'undo';
    const result = this.atomically(() => {
      const top = this.pop(from);
      if (!top) return null;
      const changes = this.load(top.changeSet);
      refuseSealedAnnotations(this.db, changes, `"${top.label}" cannot be ${undoing ? 'undone' : 'redone'}: its annotations are read-only`);
      if (undoing) {
        for (const c of [...changes].reverse()) applyState(this.db, c, false);
        this.record(
          changes.map((c) => ({ ...c, action: `undo ${c.action}`, old: c.new, new: c.old }) as unknown as Change),
          `Undo: ${top.label}`,
          top.changeSet,
        );
      } else {
        for (const c of changes) applyState(this.db, c, true);
        this.record(changes.map((c) => ({ ...c, action: `redo ${c.action}` }) as unknown as Change), `Redo: ${top.label}`, top.changeSet);
      }
      this.push(undoing ? 'redo' : 'undo', top);
      return { label: top.label, photoIds: photoIdsOf(changes), actions: [...new Set(changes.map((c) => c.action))] };
    });
    if (result) this.onStep();
    return result;
  }

  state(): UndoState {
    const u = this.undoStack.at(-1);
    const r = this.redoStack.at(-1);
    return { canUndo: !!u, canRedo: !!r, undoLabel: u?.label ?? null, redoLabel: r?.label ?? null };
  }

  history(photoId: number | null, limit: number): HistoryEntry[] {
    const rows = (
      photoId === null
        ? this.db.prepare('SELECT * FROM history ORDER BY id DESC LIMIT ?').all(limit)
        : this.db.prepare('SELECT * FROM history WHERE photo_id = ? ORDER BY id DESC LIMIT ?').all(photoId, limit)
    ) as HistoryRow[];
    const terms = new TermLabels(this.db);
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      description: r.description,
      photoId: r.photo_id,
      oldValue: r.old_json === null ? null : (JSON.parse(r.old_json) as unknown),
      newValue: r.new_json === null ? null : (JSON.parse(r.new_json) as unknown),
      changeSet: r.change_set,
      lines: readableLines(
        terms,
        r.action,
        r.entity_id,
        r.old_json === null ? null : (JSON.parse(r.old_json) as unknown),
        r.new_json === null ? null : (JSON.parse(r.new_json) as unknown),
      ),
    }));
  }

  private nextChangeSet(): number {
    return (this.db.prepare('SELECT coalesce(max(change_set), 0) + 1 AS n FROM history').get() as { n: number }).n;
  }

  private record(changes: Change[], label: string, undoes: number | null): number {
    const cs = this.nextChangeSet();
    const at = new Date().toISOString();
    const actor = this.actor();
    const insert = this.db.prepare(
      'INSERT INTO history (change_set, at, actor, action, description, photo_id, entity_id, old_json, new_json, undoes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const c of changes) {
      insert.run(cs, at, actor, c.action, label, c.photoId, c.entityId, JSON.stringify(c.old), JSON.stringify(c.new), undoes);
    }
    return cs;
  }

  /** The forward changes of an original change set, as recorded. */
  private load(changeSet: number): Change[] {
    return (this.db.prepare('SELECT * FROM history WHERE change_set = ? ORDER BY id').all(changeSet) as HistoryRow[]).map(rowToChange);
  }
}

function photoIdsOf(changes: Change[]): number[] {
  // A site's or incident's own fields belong to no photo.
  return [...new Set(changes.map((c) => c.photoId).filter((id): id is number => id !== null))];
}
