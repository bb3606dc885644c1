// The user's settings: the name the history records as the author of each change, and backups.
import { useEffect, useState } from 'react';
import type { Host } from '../host';
import { BackupsSection } from './BackupsSection';
import { UserNameField } from './custody/UserNameField';
import { FormError } from './shell/FormError';
import { TimestampSection } from './custody/TimestampSection';
import { OfflineMapsSection } from './map/OfflineMapsPanel';
import { Modal } from './shell/Modal';
import { setBlurAll } from './review/sensitiveView';

export function SettingsDialog({ host, onClose, onSaved }: { host: Host; onClose(): void; onSaved(message: string): void }) {
  const [name, setName] = useState<string | null>(null);
  const [keep, setKeep] = useState<number | null>(null);
  const [every, setEvery] = useState<number | null>(null);
  const [blurAll, setBlur] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    host.api.getSettings({}).then(
      (s) => {
        setName((n) => n ?? s.userName);
        setKeep((k) => k ?? s.backupKeep);
        setEvery((v) => v ?? s.backupEveryEdits);
        setBlur((v) => v ?? s.blurAll);
      },
      (e: Error) => setError(e.message),
    );
  }, [host]);
  const save = async () => {
    const userName = (name ?? '').trim();
    if (!userName) return setError('Enter a name: every change is recorded with it.');
    try {
      const saved = await host.api.setSettings({ userName, ...(keep ? { backupKeep: keep } : {}), ...(every ? { backupEveryEdits: every } : {}), ...(blurAll === null ? {} : { blurAll }) });
      setBlurAll(saved.blurAll);
      onSaved(`Changes are now recorded as made by ${userName}.`);
      onClose();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <Modal title="Settings" onClose={onClose} className="settings">
      <h2>Settings</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <UserNameField value={name ?? ''} onChange={setName} />
        <p className="muted small">The history records it with every change you make (who, when, old and new value), as evidence practice asks.</p>
        <label className="field">
          <span>Backups to keep</span>
          <input type="number" min={1} max={100} value={keep ?? ''} onChange={(e) => setKeep(Number(e.target.value) || null)} />
        </label>
        <label className="field">
          <span>Back up after every … edits</span>
          <input type="number" min={1} max={10000} value={every ?? ''} onChange={(e) => setEvery(Number(e.target.value) || null)} />
        </label>
        <label className="field checkbox">
          <input type="checkbox" checked={blurAll ?? false} onChange={(e) => setBlur(e.target.checked)} />
          <span>Blur all photos until clicked</span>
        </label>
        <p className="muted small">
          For this archive: every photo, not only those marked sensitive, is shown blurred and greyed in the grid and the photo view until you click it (trauma-aware
          viewing). What you show stays shown until the app is reloaded.
        </p>
        <FormError error={error} />
        <div className="row end">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save
          </button>
        </div>
      </form>
      <TimestampSection host={host} />
      <BackupsSection host={host} onRestored={onSaved} />
      <OfflineMapsSection host={host} />
    </Modal>
  );
}
