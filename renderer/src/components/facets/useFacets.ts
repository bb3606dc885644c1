// Facet counts for the current query, read again whenever the query or the archive changes. The
// last counts stay on screen while new ones load, so the sidebar does not flicker as one types.
import { useEffect, useState } from 'react';
import type { Facets, PhotoQuery } from '../../../../shared/api';
import type { Host } from '../../host';

export function useFacets(host: Host, query: PhotoQuery, version: number, enabled: boolean): { facets: Facets | null; error: string | null } {
  const [state, setState] = useState<{ facets: Facets | null; error: string | null }>({ facets: null, error: null });
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    // A short pause: clicking several values in a row asks once.
    const t = setTimeout(() => {
      host.api.getFacets(query).then(
        (facets) => live && setState({ facets, error: null }),
        (e: Error) => live && setState((s) => ({ facets: s.facets, error: e.message })),
      );
    }, 60);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [host, query, version, enabled]);
  return state;
}
