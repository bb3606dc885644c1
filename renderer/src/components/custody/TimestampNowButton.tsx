// "Time-stamp now": the history chain head stamped at the time-stamping authority set in Settings.
// Offline is normal in the field: the message says so and nothing is lost; press again when online.
import { useState } from 'react';
import type { Host } from '../../host';

export function TimestampNowButton({ host, disabled, onMessage }: { host: Host; disabled?: boolean; onMessage(message: string, ok: boolean): void }) {
  const [busy, setBusy] = useState(false);
  const run = async () => {
    // Not disabled while busy: a disabled button drops the keyboard focus out of its dialog.
    if (busy) return;
    setBusy(true);
    try {
      const r = await host.api.timestampNow({});
      onMessage(`${r.already ? 'Already time-stamped' : 'Time-stamped'}: history up to entry ${r.historyId}, at ${new Date(r.genTime).toLocaleString()} by ${r.tsa ?? r.tsaUrl}.`, true);
    } catch (e) {
      onMessage((e as Error).message, false);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" aria-busy={busy} disabled={disabled} onClick={() => void run()} title="Ask the time-stamping authority to sign the history chain head (RFC 3161)">
      {busy ? 'Time-stamping…' : 'Time-stamp now'}
    </button>
  );
}
