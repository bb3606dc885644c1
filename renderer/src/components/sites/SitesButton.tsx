// The toolbar's "Sites" button and the Sites screen it opens (state kept here, not in App).
import { useState } from 'react';
import type { Host } from '../../host';
import { SitesScreen } from './SitesScreen';

export function SitesButton({ host, selectedIds, notify }: { host: Host; selectedIds: number[]; notify(text: string): void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} title="Sites and incidents: places photographed, events, before/after">
        Sites
      </button>
      {open && <SitesScreen host={host} selectedIds={selectedIds} notify={notify} onClose={() => setOpen(false)} />}
    </>
  );
}
