// The archive's added street maps, shared by Settings and the map's layer menu: both read the same
// list and each change (add, remove) is told to every user of the hook, so the open map redraws.
// Hiding a map is the user's view choice for this session, not a setting.
import { useCallback, useEffect, useState } from 'react';
import type { OfflineMap } from '../../../../shared/api';
import type { Host } from '../../host';

const listeners = new Set<() => void>();
const changed = () => {
  for (const l of [...listeners]) l();
};
const hiddenIds = new Set<string>();

export interface OfflineMaps {
  maps: OfflineMap[] | null;
  error: string | null;
  /** The maps drawn: present on disk and not hidden. */
  shown: OfflineMap[];
  add(path: string): Promise<OfflineMap>;
  remove(id: string): Promise<void>;
  hidden(id: string): boolean;
  setHidden(id: string, hide: boolean): void;
}

export function useOfflineMaps(host: Host): OfflineMaps {
  const [maps, setMaps] = useState<OfflineMap[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, setTick] = useState(0);

  const load = useCallback(
    () =>
      host.api.listOfflineMaps({}).then(
        (list) => {
          setMaps(list);
          setError(null);
        },
        (e: Error) => setError(`The offline maps could not be listed: ${e.message}`),
      ),
    [host],
  );
  useEffect(() => {
    void load();
    const l = () => {
      void load();
      setTick((t) => t + 1);
    };
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, [load]);

  const add = useCallback(
    async (path: string) => {
      const m = await host.api.addOfflineMap({ path });
      hiddenIds.delete(m.id);
      changed();
      return m;
    },
    [host],
  );
  const remove = useCallback(
    async (id: string) => {
      await host.api.removeOfflineMap({ id });
      changed();
    },
    [host],
  );
  const setHidden = useCallback((id: string, hide: boolean) => {
    if (hide) hiddenIds.add(id);
    else hiddenIds.delete(id);
    changed();
  }, []);

  const shown = (maps ?? []).filter((m) => m.present && !hiddenIds.has(m.id));
  return { maps, error, shown, add, remove, hidden: (id) => hiddenIds.has(id), setHidden };
}
