// Withdraw (or, under the "Withdrawn" filter, reinstate) the grid's selection: a preview of what will
// change, a reason, then one undoable step. Nothing is deleted and originals are never touched.
import { useEffect, useState } from 'react';
import type { Host } from '../../host';
import { Modal } from '../shell/Modal';
import { FormError } from '../shell/FormError';

interface Props {
  host: Host;
  photoIds: number[];
  /** The grid shows withdrawn photos: the action reinstates. */
  reinstate: boolean;
  onDone(message: string): void;
  onError(message: string): void;
}

export function WithdrawButton({ host, photoIds, reinstate, onDone, onError }: Props) {
  const [open, setOpen] = useState(false);
  const [plan, setPlan] = useState<{ changes: number; unchanged: number; failedEntries: number } | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    let live = true;
    host.api.planWithdraw({ photoIds, withdraw: !reinstate }).then(
      (p) => live && setPlan(p),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [open, host, photoIds, reinstate]);
  if (photoIds.length === 0) return null;
  const n = (k: number) => `${k.toLocaleString()} ${k === 1 ? 'photo' : 'photos'}`;
  const apply = async () => {
    try {
      if (reinstate) {
        const r = await host.api.reinstatePhotos({ photoIds });
        onDone(`Reinstated ${n(r.changed)}. Undo with Ctrl+Z.`);
      } else {
        if (!reason.trim()) return setError('Give a reason: it is recorded in each photo’s history.');
        const r = await host.api.withdrawPhotos({ photoIds, reason: reason.trim() });
        onDone(`Withdrew ${n(r.changed)}; their records stay (filter “Withdrawn”). Undo with Ctrl+Z.`);
      }
      setOpen(false);
    } catch (e) {
      onError((e as Error).message);
    }
  };
  return (
    <>
      <button type="button" onClick={() => (setPlan(null), setError(null), setReason(''), setOpen(true))} title={reinstate ? 'Put the selected photos back in the catalogue' : 'Take the selected photos out of the grid, searches and exports (nothing is deleted)'}>
        {reinstate ? 'Reinstate…' : 'Withdraw…'}
      </button>
      {open && (
        <Modal title={reinstate ? 'Reinstate photos' : 'Withdraw photos'} onClose={() => setOpen(false)} className="withdraw">
          <h2>{reinstate ? 'Reinstate photos' : 'Withdraw photos'}</h2>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void apply();
            }}
          >
            <p role="status">
              {plan === null
                ? 'Checking…'
                : `${reinstate ? 'Reinstates' : 'Withdraws'} ${n(plan.changes)}${plan.failedEntries ? ` (${plan.failedEntries} of them failed imports)` : ''}${plan.unchanged ? `; ${n(plan.unchanged)} already ${reinstate ? 'in the catalogue' : 'withdrawn'}` : ''}.`}
            </p>
            {!reinstate && (
              <>
                <p className="muted small">Withdrawn photos leave the grid, searches and exports. Their record, annotations and history stay, the original is not touched, and they can be reinstated.</p>
                <label className="field">
                  <span>Reason</span>
                  <input type="text" value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} autoFocus aria-label="Reason" />
                </label>
              </>
            )}
            <FormError error={error} />
            <div className="row end">
              <button type="button" onClick={() => setOpen(false)}>
                Cancel
              </button>
              <button type="submit" className="primary" disabled={plan === null || plan.changes === 0}>
                {reinstate ? 'Reinstate' : 'Withdraw'}
              </button>
            </div>
          </form>
        </Modal>
      )}
    </>
  );
}
