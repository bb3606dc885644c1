// The archive's sites and incidents, read again whenever they change (an edit, undo or redo, a bag
// import: the core sends 'sites-changed' or 'archive-changed').
import { useCallback, useEffect, useState } from 'react';
import type { Incident, Site } from '../../../../shared/api';
import type { Host } from '../../host';

export interface SitesState {
  sites: Site[];
  incidents: Incident[];
  error: string | null;
  /** Bumps on every change, for views that read more (a site page). */
  version: number;
}

export function useSites(host: Host): SitesState {
  const [state, setState] = useState<SitesState>({ sites: [], incidents: [], error: null, version: 0 });
  const load = useCallback(() => {
    Promise.all([host.api.listSites({}), host.api.listIncidents({})]).then(
      ([sites, incidents]) => setState((s) => ({ sites, incidents, error: null, version: s.version + 1 })),
      (e: Error) => setState((s) => ({ ...s, error: e.message })),
    );
  }, [host]);
  useEffect(() => {
    load();
    return host.onEvent((e) => {
      if (e.type === 'sites-changed' || e.type === 'archive-changed' || e.type === 'annotations-changed') load();
    });
  }, [host, load]);
  return state;
}

/** "±10 m", "±1 km", or '' when the precision is not stated. */
export function precisionText(p: Site['precision']): string {
  return p === null ? '' : p >= 1000 ? `±${p / 1000} km` : `±${p} m`;
}

/** "2022-03-05 – 2022-03-06", "from 2022-03", "" … */
export function dateRange(i: Pick<Incident, 'startDate' | 'endDate'>): string {
  if (i.startDate && i.endDate) return i.startDate === i.endDate ? i.startDate : `${i.startDate} – ${i.endDate}`;
  if (i.startDate) return `from ${i.startDate}`;
  if (i.endDate) return `until ${i.endDate}`;
  return '';
}

export const SITE_KINDS: ReadonlyArray<{ value: Site['kind']; label: string }> = [
  { value: 'building', label: 'Building' },
  { value: 'vehicle', label: 'Vehicle' },
  { value: 'street', label: 'Street' },
  { value: 'other', label: 'Other' },
];
