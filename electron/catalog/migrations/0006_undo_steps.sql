-- The app's undo and redo stacks, kept in the catalogue so Ctrl+Z still reaches the last edits after a
-- restart or a crash. Each row names a change set of the history (which stays the record); pos orders
-- a stack, the highest being its top.
CREATE TABLE undo_steps (
  stack TEXT NOT NULL CHECK (stack IN ('undo', 'redo')),
  pos INTEGER NOT NULL,
  change_set INTEGER NOT NULL,
  label TEXT NOT NULL,
  PRIMARY KEY (stack, pos)
);
