// The grid's selection: a cursor (where the keyboard is, the photo Enter opens), an anchor that
// Shift ranges start from, and the set of selected photos. Ids, not positions, are kept, so the
// selection survives the grid refreshing while an import adds photos.
import type { PhotoSummary } from '../../../../shared/api';

export interface GridSelection {
  cursor: number;
  anchor: number;
  ids: ReadonlySet<number>;
}

export const EMPTY_SELECTION: GridSelection = { cursor: 0, anchor: 0, ids: new Set() };

export interface SelectModifiers {
  /** Shift: select the range from the anchor. */
  range: boolean;
  /** Ctrl (Cmd on macOS): add to or take from the selection instead of replacing it. */
  toggle: boolean;
}

function idsBetween(photos: PhotoSummary[], a: number, b: number): number[] {
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  return photos.slice(lo, hi + 1).map((p) => p.id);
}

/** A click (or a keyboard move, with Shift for range) on photo i. */
export function selectAt(sel: GridSelection, photos: PhotoSummary[], i: number, mods: SelectModifiers): GridSelection {
  const id = photos[i]?.id;
  if (id === undefined) return sel;
  if (mods.range) {
    const range = idsBetween(photos, Math.min(sel.anchor, photos.length - 1), i);
    return { cursor: i, anchor: sel.anchor, ids: new Set(mods.toggle ? [...sel.ids, ...range] : range) };
  }
  if (mods.toggle) {
    const ids = new Set(sel.ids);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    return { cursor: i, anchor: i, ids };
  }
  return { cursor: i, anchor: i, ids: new Set([id]) };
}

export function selectAll(sel: GridSelection, photos: PhotoSummary[]): GridSelection {
  return { ...sel, ids: new Set(photos.map((p) => p.id)) };
}

export function clearSelection(sel: GridSelection): GridSelection {
  return { ...sel, anchor: sel.cursor, ids: new Set() };
}

/** Moves the cursor without touching the selection (e.g. the viewer stepping to another photo). */
export function moveCursor(sel: GridSelection, photos: PhotoSummary[], i: number): GridSelection {
  // A single selected photo follows the cursor; a deliberate multi-selection stays as it is.
  if (sel.ids.size <= 1 && photos[i]) return { cursor: i, anchor: i, ids: new Set([photos[i].id]) };
  return { ...sel, cursor: i };
}

/** The selected photos that are still in the archive, in grid order. */
export function selectedIds(sel: GridSelection, photos: PhotoSummary[]): number[] {
  if (sel.ids.size === 0) return [];
  return photos.filter((p) => sel.ids.has(p.id)).map((p) => p.id);
}
