// The application menu's commands (Electron), run as the toolbar's buttons and keys would.
import type { ApiEvent } from '../../../../shared/api';
import { isTextField } from './keys';

export type MenuCommand = Extract<ApiEvent, { type: 'command' }>['command'];

export function runMenuCommand(command: MenuCommand, run: { openImport(): void; openModal(name: 'vocabulary' | 'export'): void; undo(): void; redo(): void }): void {
  if (command === 'import') run.openImport();
  else if (command === 'vocabulary' || command === 'export') run.openModal(command);
  // The menu's Undo in a text field means the field's own text undo.
  else if (isTextField(document.activeElement)) document.execCommand(command);
  else if (command === 'undo') run.undo();
  else run.redo();
}
