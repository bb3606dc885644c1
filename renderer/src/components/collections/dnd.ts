// Dragging photos from the grid onto an album: the ids travel in a private data type, so other
// drop targets (the window's "drop files to import") can tell a photo drag from dropped files.
export const PHOTO_DRAG_TYPE = 'application/x-damage-archive-photos';

export function setDraggedPhotos(dt: DataTransfer, ids: number[]): void {
  dt.setData(PHOTO_DRAG_TYPE, JSON.stringify(ids));
  dt.setData('text/plain', `${ids.length} photo${ids.length === 1 ? '' : 's'}`);
  dt.effectAllowed = 'copy';
}

/** True while a photo drag is over a target (the ids themselves are only readable on drop). */
export function isPhotoDrag(dt: DataTransfer): boolean {
  return Array.from(dt.types).includes(PHOTO_DRAG_TYPE);
}

export function draggedPhotos(dt: DataTransfer): number[] {
  try {
    const v = JSON.parse(dt.getData(PHOTO_DRAG_TYPE)) as unknown;
    return Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x) && x > 0) : [];
  } catch {
    return [];
  }
}
