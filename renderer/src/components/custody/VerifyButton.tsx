// The toolbar's "Verify…": opens the Verify dialog, which runs the check at once.
import { useState } from 'react';
import type { Host } from '../../host';
import { VerifyDialog } from './VerifyDialog';

export function VerifyButton({ host }: { host: Host }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} title="Re-hash every original, check the history chain and the time-stamps">
        Verify…
      </button>
      {open && <VerifyDialog host={host} onClose={() => setOpen(false)} />}
    </>
  );
}
