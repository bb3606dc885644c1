// The photo view: which photo is open, in which list. It steps through the list it was opened on,
// even if the grid refreshes meanwhile, and the grid's cursor follows it where that photo is shown.
import { useCallback, useState } from 'react';
import type { PhotoSummary } from '../../../../shared/api';

export interface OpenPhoto {
  photos: PhotoSummary[];
  index: number;
}

export interface Viewer {
  open: OpenPhoto | null;
  /** Opens photos[i] of the grid's list. */
  openAt(i: number): void;
  /** Opens a photo of the grid's list by id (from the map), moving the grid's cursor onto it. */
  openId(id: number): void;
  /** Steps to another photo of the list it was opened on. */
  step(i: number): void;
  close(): void;
}

/**
 * photos: what the grid shows; moveCursor(photos, at) puts the grid's cursor on photos[at].
 * Failed imports (listed under the "Import problems" flag) have nothing to show or annotate.
 */
export function useViewer(photos: PhotoSummary[] | null, moveCursor: (photos: PhotoSummary[], at: number) => void, notify: (text: string) => void): Viewer {
  const [open, setOpen] = useState<OpenPhoto | null>(null);
  const openAt = useCallback(
    (i: number) => {
      if (photos?.[i]?.status === 'error') notify('This file could not be imported: see Import problems for the reason.');
      else if (photos?.[i]) setOpen({ photos, index: i });
    },
    [photos, notify],
  );
  const openId = useCallback(
    (id: number) => {
      const i = photos?.findIndex((p) => p.id === id) ?? -1;
      if (photos && i >= 0 && photos[i]!.status !== 'error') {
        setOpen({ photos, index: i });
        moveCursor(photos, i);
      }
    },
    [photos, moveCursor],
  );
  const step = useCallback(
    (i: number) => {
      if (!open) return;
      setOpen({ photos: open.photos, index: i });
      // The grid's cursor follows, where that photo is in the grid.
      const id = open.photos[i]?.id;
      const at = photos?.findIndex((p) => p.id === id) ?? -1;
      if (photos && at >= 0) moveCursor(photos, at);
    },
    [open, photos, moveCursor],
  );
  const close = useCallback(() => setOpen(null), []);
  return { open, openAt, openId, step, close };
}
