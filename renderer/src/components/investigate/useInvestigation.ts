// Loads what the Investigate tab shows for the open photo (near-duplicates, time and place), again
// whenever its annotations change (a decision, undo/redo) or the background hashing finds pairs.
import { useEffect, useState } from 'react';
import type { SimilarGroup, TimePlace } from '../../../../shared/api';
import type { Host } from '../../host';

export interface Investigation {
  photoId: number;
  similar: SimilarGroup | null;
  timePlace: TimePlace | null;
  error: string | null;
}

export function useInvestigation(host: Host, photoId: number, version: number): Investigation | null {
  const [state, setState] = useState<Investigation | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    Promise.all([host.api.similarPhotos({ id: photoId }), host.api.getTimePlace({ id: photoId })])
      .then(([similar, timePlace]) => live && setState({ photoId, similar, timePlace, error: null }))
      .catch((e: Error) => live && setState({ photoId, similar: null, timePlace: null, error: e.message }));
    return () => {
      live = false;
    };
  }, [host, photoId, version, tick]);
  // While the archive is still being hashed, look again now and then (hashing is quick per photo).
  const waiting = state?.photoId === photoId && state.similar !== null && !state.similar.hashed;
  useEffect(() => {
    if (!waiting) return;
    const t = setTimeout(() => setTick((n) => n + 1), 2000);
    return () => clearTimeout(t);
  }, [waiting, tick]);
  return state?.photoId === photoId ? state : null;
}
