// Catalogue backups in Settings: what exists, a backup on demand, and restoring one.
import { useCallback, useEffect, useState } from 'react';
import type { BackupInfo } from '../../../shared/api';
import type { Host } from '../host';
import { displayBytes } from '../format';

export function BackupsSection({ host, onRestored }: { host: Host; onRestored(message: string): void }) {
  const [backups, setBackups] = useState<BackupInfo[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const load = useCallback(() => host.api.listBackups({}).then(setBackups, (e: Error) => setError(e.message)), [host]);
  useEffect(() => {
    void load();
  }, [load]);

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      await load();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="backups" aria-label="Catalogue backups">
      <h3>Catalogue backups</h3>
      <p className="muted small">
        Written when the archive opens and after every so many edits, in the archive's backups folder. Restoring replaces the catalogue with the
        backup; the replaced catalogue is kept beside the backups.
      </p>
      <div className="row">
        <button type="button" disabled={busy} onClick={() => void run(() => host.api.backupNow({}))}>
          Back up now
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {backups && backups.length === 0 && <p className="muted">No backups yet.</p>}
      <ul className="backup-list">
        {backups?.map((b) => (
          <li key={b.name}>
            <span>{new Date(b.createdAt).toLocaleString()}</span>
            <span className="muted">{displayBytes(b.size).split(' (')[0]}</span>
            {confirming === b.name ? (
              <>
                <span className="error">Replace the catalogue with this backup? Edits made since are set aside.</span>
                <button
                  type="button"
                  className="primary"
                  disabled={busy}
                  onClick={() =>
                    void run(async () => {
                      const r = await host.api.restoreBackup({ name: b.name });
                      setConfirming(null);
                      onRestored(`Restored the catalogue from the backup of ${new Date(b.createdAt).toLocaleString()}.${r.setAside ? ' The replaced catalogue was kept.' : ''}`);
                    })
                  }
                >
                  Restore
                </button>
                <button type="button" onClick={() => setConfirming(null)}>
                  Cancel
                </button>
              </>
            ) : (
              <button type="button" disabled={busy} onClick={() => setConfirming(b.name)}>
                Restore…
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
