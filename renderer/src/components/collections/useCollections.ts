// The archive's albums and saved searches, read again when the archive changes (their counts
// follow annotation edits too: a saved search's count is its query's).
import { useCallback, useEffect, useState } from 'react';
import type { Collection } from '../../../../shared/api';
import type { Host } from '../../host';

export interface Collections {
  list: Collection[];
  error: string | null;
  reload(): void;
}

export function useCollections(host: Host, version: number): Collections {
  const [list, setList] = useState<Collection[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    let live = true;
    host.api.listCollections({}).then(
      (l) => {
        if (!live) return;
        setList(l);
        setError(null);
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [host, version, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { list, error, reload };
}
