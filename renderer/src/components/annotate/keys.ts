// Which key presses belong to the focused form control rather than to the viewer's shortcuts.

const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color']);

/** True when the key should be left to the control being typed in (text fields, selects). */
export function keyBelongsToControl(e: KeyboardEvent): boolean {
  const t = e.target;
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable || t instanceof HTMLTextAreaElement) return true;
  if (t instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(t.type);
  // After picking a class from the list, the severity keys and Esc must still work (no option label starts with a digit).
  if (t instanceof HTMLSelectElement) return !/^([0-4]|Escape)$/.test(e.key);
  return false;
}

/** Shortcuts are plain keys: leave Ctrl/Cmd/Alt combinations (undo, redo, browser keys) alone. */
export function hasCommandModifier(e: KeyboardEvent): boolean {
  return e.ctrlKey || e.metaKey || e.altKey;
}
