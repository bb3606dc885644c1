// The shell's one subscription to the core's events (in browser mode each subscription would hold
// a connection, and browsers allow only a few per host). The handler may change on every render:
// the latest one gets each event.
import { useEffect, useRef } from 'react';
import type { ApiEvent } from '../../../../shared/api';
import type { Host } from '../../host';

export function useHostEvents(host: Host, handle: (e: ApiEvent) => void): void {
  const latest = useRef(handle);
  useEffect(() => {
    latest.current = handle;
  });
  useEffect(() => host.onEvent((e) => latest.current(e)), [host]);
}
