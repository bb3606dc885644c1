// The toolbar's Edit area: Undo and Redo, named in their tooltips after the step they would take.
import type { UndoRedo } from './useUndoRedo';
import { MOD_LABEL } from './keys';

export function EditControls({ undoRedo }: { undoRedo: UndoRedo }) {
  const s = undoRedo.state;
  return (
    <span className="edit-controls" role="group" aria-label="Edit">
      <button
        type="button"
        disabled={!s?.canUndo}
        onClick={undoRedo.undo}
        title={s?.undoLabel ? `Undo: ${s.undoLabel} (${MOD_LABEL}+Z)` : `Nothing to undo (${MOD_LABEL}+Z)`}
      >
        ↶ Undo
      </button>
      <button
        type="button"
        disabled={!s?.canRedo}
        onClick={undoRedo.redo}
        title={s?.redoLabel ? `Redo: ${s.redoLabel} (${MOD_LABEL}+Shift+Z)` : `Nothing to redo (${MOD_LABEL}+Shift+Z)`}
      >
        ↷ Redo
      </button>
    </span>
  );
}
