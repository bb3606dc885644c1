// "Custody report…": the photo's (or selection's) custody report as a printable HTML page and a JSON
// document, saved through the browser's download (the page has no script and loads nothing).
import { useState } from 'react';
import type { Host } from '../../host';

function save(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function CustodyReportButton({ host, photoIds, onError }: { host: Host; photoIds: number[]; onError(message: string): void }) {
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const r = await host.api.getCustodyReport({ photoIds });
      const base = `custody-${photoIds.length === 1 ? `photo-${photoIds[0]}` : `${photoIds.length}-photos`}`;
      save(`${base}.html`, 'text/html', r.html);
      save(`${base}.json`, 'application/json', `${JSON.stringify(r.json, null, 2)}\n`);
    } catch (e) {
      onError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" disabled={busy || photoIds.length === 0} onClick={() => void run()} title="Save a custody report (printable HTML and JSON): hashes, every event and edit, the chain check">
      Custody report
    </button>
  );
}
