// One photo's annotations (tags, regions, descriptive metadata) and the edits on them. Every edit
// is saved at once through the API; the view updates optimistically and reloads after each change
// event, so undo/redo and other windows show up too.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Geometry, MetaField, PhotoAnnotations, Region } from '../../../../shared/api';
import type { Host } from '../../host';

export type RegionPatch = Partial<Pick<Region, 'geometry' | 'classId' | 'damageIds' | 'severity' | 'confidence' | 'note' | 'redact' | 'redactState'>>;

export interface AnnotationsState {
  data: PhotoAnnotations | null;
  error: string | null;
  dismissError(): void;
  createRegion(geometry: Geometry): Promise<Region | null>;
  updateRegion(id: number, patch: RegionPatch): Promise<void>;
  deleteRegion(id: number): Promise<void>;
  changeTags(add: number[], remove: number[]): Promise<void>;
  /** Saves one descriptive field (empty clears it); rejects with the core's reason, e.g. a bad latitude. */
  setField(field: MetaField, value: string): Promise<void>;
}

export function useAnnotations(host: Host, photoId: number, version: number): AnnotationsState {
  const [loaded, setLoaded] = useState<{ photoId: number; data: PhotoAnnotations | null }>({ photoId, data: null });
  const [failure, setFailure] = useState<{ photoId: number; message: string } | null>(null);
  const setError = useCallback((message: string | null) => setFailure(message === null ? null : { photoId, message }), [photoId]);
  const [reloads, setReloads] = useState(0);
  // While an edit is on its way, a reload started earlier would show the state before it.
  const editsInFlight = useRef(0);

  useEffect(() => {
    let live = true;
    host.api
      .getAnnotations({ photoId })
      .then((a) => live && editsInFlight.current === 0 && setLoaded({ photoId, data: a }))
      .catch((e: Error) => live && setError(`Could not read the annotations: ${e.message}`));
    return () => {
      live = false;
    };
  }, [host, photoId, version, reloads, setError]);

  const data = loaded.photoId === photoId ? loaded.data : null;

  const patchLocal = useCallback(
    (f: (a: PhotoAnnotations) => PhotoAnnotations) => setLoaded((l) => (l.photoId === photoId && l.data ? { photoId, data: f(l.data) } : l)),
    [photoId],
  );

  /** Runs one edit; on failure shows why and reloads what is really stored. */
  const edit = useCallback(
    async <T,>(run: () => Promise<T>): Promise<T | null> => {
      editsInFlight.current++;
      try {
        return await run();
      } catch (e) {
        setError((e as Error).message);
        return null;
      } finally {
        editsInFlight.current--;
        setReloads((n) => n + 1);
      }
    },
    [setError],
  );

  const replaceRegion = useCallback(
    (r: Region) => patchLocal((a) => ({ ...a, regions: a.regions.some((x) => x.id === r.id) ? a.regions.map((x) => (x.id === r.id ? r : x)) : [...a.regions, r] })),
    [patchLocal],
  );

  const createRegion = useCallback(
    (geometry: Geometry) =>
      edit(async () => {
        const r = await host.api.createRegion({ photoId, geometry });
        replaceRegion(r);
        return r;
      }),
    [edit, host, photoId, replaceRegion],
  );

  const updateRegion = useCallback(
    async (id: number, patch: RegionPatch) => {
      patchLocal((a) => ({ ...a, regions: a.regions.map((r) => (r.id === id ? { ...r, ...patch } : r)) }));
      await edit(async () => replaceRegion(await host.api.updateRegion({ id, ...patch })));
    },
    [edit, host, patchLocal, replaceRegion],
  );

  const deleteRegion = useCallback(
    async (id: number) => {
      patchLocal((a) => ({ ...a, regions: a.regions.filter((r) => r.id !== id) }));
      await edit(() => host.api.deleteRegion({ id }));
    },
    [edit, host, patchLocal],
  );

  const changeTags = useCallback(
    async (add: number[], remove: number[]) => {
      patchLocal((a) => ({ ...a, tagIds: [...a.tagIds.filter((t) => !remove.includes(t)), ...add.filter((t) => !a.tagIds.includes(t))] }));
      await edit(() => host.api.applyBatch({ photoIds: [photoId], addTagIds: add, removeTagIds: remove }));
    },
    [edit, host, patchLocal, photoId],
  );

  const setField = useCallback(
    async (field: MetaField, value: string) => {
      const v = value.trim() === '' ? null : value;
      editsInFlight.current++;
      try {
        await host.api.applyBatch({ photoIds: [photoId], fields: { [field]: v } });
      } finally {
        editsInFlight.current--;
        setReloads((n) => n + 1);
      }
    },
    [host, photoId],
  );

  const error = failure?.photoId === photoId ? failure.message : null;
  return { data, error, dismissError: useCallback(() => setFailure(null), []), createRegion, updateRegion, deleteRegion, changeTags, setField };
}
