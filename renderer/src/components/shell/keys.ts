// Keyboard helpers shared by the app's global shortcuts: where a key belongs to a text field, and
// how to name modifier keys on this platform.

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number', '']);

/** True where typing happens: the browser's own text undo and selection must keep working there. */
export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(target.type);
}

/** True for controls that take keys themselves (Enter on a button presses it, arrows change a select). */
export function isControl(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return isTextField(target) || target instanceof HTMLSelectElement || target instanceof HTMLButtonElement || target instanceof HTMLInputElement || target instanceof HTMLAnchorElement;
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Ctrl on Windows and Linux, Cmd on macOS: what "Ctrl+Z" means on this machine. */
export function primaryModifier(e: { ctrlKey: boolean; metaKey: boolean }): boolean {
  return isMac ? e.metaKey : e.ctrlKey;
}

export const MOD_LABEL = isMac ? '⌘' : 'Ctrl';
