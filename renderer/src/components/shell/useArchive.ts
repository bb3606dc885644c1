// The open archive as the shell shows it: its info (path, photo and problem counts), read when the
// app opens and again when the core says the photos changed, and the change counters that tell
// views to read annotations and collections again.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiEvent, ArchiveInfo } from '../../../../shared/api';
import type { Host } from '../../host';

export interface ArchiveCallbacks {
  onError(message: string): void;
  /** The archive's photos changed (not on the first read, which comes with the grid's own first search). */
  onPhotosChanged(): void;
  /** Another archive was opened: what was open, selected or filtered belongs to the old one. */
  onOtherArchive(): void;
}

export interface ArchiveState {
  info: ArchiveInfo | null;
  /** Counts annotation and vocabulary changes: views that show annotations read them again when it moves. */
  version: number;
  /** Counts changes to albums and saved searches. */
  collectionsVersion: number;
  /** Feeds the core's events in (the shell holds the one event subscription). */
  handleEvent(e: ApiEvent): void;
}

export function useArchive(host: Host, callbacks: ArchiveCallbacks): ArchiveState {
  const [info, setInfo] = useState<ArchiveInfo | null>(null);
  const [version, setVersion] = useState(0);
  const [collectionsVersion, setCollectionsVersion] = useState(0);
  const archivePath = useRef<string | null>(null);
  // The latest callbacks, so a refresh started earlier calls today's.
  const latest = useRef(callbacks);
  useEffect(() => {
    latest.current = callbacks;
  });
  // When the import's progress last asked for a refresh, and in which state it was.
  const lastImport = useRef<{ at: number; state: string | null }>({ at: 0, state: null });

  const refresh = useCallback(async () => {
    try {
      const i = await host.api.getArchiveInfo({});
      // 'archive-changed' also follows edits such as merging terms; only another archive resets the view.
      if (archivePath.current !== null && archivePath.current !== i.path) latest.current.onOtherArchive();
      if (archivePath.current !== null) latest.current.onPhotosChanged();
      archivePath.current = i.path;
      setInfo(i);
    } catch (e) {
      latest.current.onError(`Could not read the archive: ${(e as Error).message}`);
    }
  }, [host]);

  useEffect(() => {
    // refresh() sets state only after its request resolves, never synchronously.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void refresh();
  }, [refresh]);

  const handleEvent = useCallback(
    (e: ApiEvent) => {
      switch (e.type) {
        case 'archive-changed':
          void refresh();
          setVersion((v) => v + 1);
          return;
        case 'annotations-changed':
        case 'vocabulary-changed':
          setVersion((v) => v + 1);
          return;
        case 'collections-changed':
          setCollectionsVersion((v) => v + 1);
          return;
        case 'command':
        case 'export-progress':
          return;
        case 'import-progress': {
          // New photos appear while cataloguing (at most every 1.5 s); otherwise only phase changes matter.
          const now = Date.now();
          const last = lastImport.current;
          const cataloguing = e.progress.state === 'importing';
          if (e.progress.state !== last.state || (cataloguing && now - last.at > 1500)) {
            lastImport.current = { at: now, state: e.progress.state };
            void refresh();
          }
          return;
        }
        default:
          // Any other change the core announces: counts are read again.
          setVersion((v) => v + 1);
      }
    },
    [refresh],
  );

  return { info, version, collectionsVersion, handleEvent };
}
