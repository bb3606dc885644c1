// One event subscription for the open photo: counters that bump when its annotations or the
// vocabulary change (an edit here, undo/redo, another window), so views know to reload.
import { useEffect, useState } from 'react';
import type { Host } from '../../host';

export interface ChangeCounters {
  annotations: number;
  vocabulary: number;
}

export function useArchiveChanges(host: Host, photoId: number): ChangeCounters {
  const [counters, setCounters] = useState<ChangeCounters>({ annotations: 0, vocabulary: 0 });
  // A single subscription: in browser mode each onEvent opens its own EventSource, and browsers
  // allow only a few connections per host.
  useEffect(
    () =>
      host.onEvent((e) => {
        if (e.type === 'annotations-changed' && e.photoIds.includes(photoId)) setCounters((c) => ({ ...c, annotations: c.annotations + 1 }));
        else if (e.type === 'vocabulary-changed' || e.type === 'archive-changed') setCounters((c) => ({ annotations: c.annotations + 1, vocabulary: c.vocabulary + 1 }));
      }),
    [host, photoId],
  );
  return counters;
}
