// The grid's selection (kept by photo id) and its cursor, with the moves the shell makes on it:
// back to the top for a new result, onto a photo opened elsewhere (the map, the viewer).
import { useCallback, useMemo, useState } from 'react';
import type { PhotoSummary } from '../../../../shared/api';
import { EMPTY_SELECTION, clearSelection, moveCursor, selectedIds, type GridSelection } from '../batch/selection';

export interface GridSelectionState {
  selection: GridSelection;
  setSelection(selection: GridSelection): void;
  /** A new result starts at the top; the selection (kept by id) stays. */
  toTop(): void;
  /** The cursor onto photos[at] (the photos the grid shows). */
  moveTo(photos: PhotoSummary[], at: number): void;
  /** Nothing selected (Esc, the × beside the count). */
  clear(): void;
  /** Back to nothing at all (another archive was opened). */
  reset(): void;
}

export function useGridSelection(): GridSelectionState {
  const [selection, setSelection] = useState<GridSelection>(EMPTY_SELECTION);
  const toTop = useCallback(() => setSelection((s) => ({ ...s, cursor: 0, anchor: 0 })), []);
  const moveTo = useCallback((photos: PhotoSummary[], at: number) => setSelection((s) => moveCursor(s, photos, at)), []);
  const clear = useCallback(() => setSelection(clearSelection), []);
  const reset = useCallback(() => setSelection(EMPTY_SELECTION), []);
  return { selection, setSelection, toTop, moveTo, clear, reset };
}

/** The ids of the selected photos among those shown (none while the list loads). */
export function useSelectedIds(selection: GridSelection, photos: PhotoSummary[] | null): number[] {
  return useMemo(() => (photos ? selectedIds(selection, photos) : []), [selection, photos]);
}
