// The user's settings: for now the name the history records as the author of each change.
import { useEffect, useState } from 'react';
import type { Host } from '../host';
import { Modal } from './shell/Modal';

export function SettingsDialog({ host, onClose, onSaved }: { host: Host; onClose(): void; onSaved(message: string): void }) {
  const [name, setName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    host.api.getSettings({}).then(
      (s) => setName((n) => n ?? s.userName),
      (e: Error) => setError(e.message),
    );
  }, [host]);
  const save = async () => {
    const userName = (name ?? '').trim();
    if (!userName) return setError('Enter a name: every change is recorded with it.');
    try {
      await host.api.setSettings({ userName });
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
        <label className="field">
          <span>Your name</span>
          <input type="text" value={name ?? ''} maxLength={200} onChange={(e) => setName(e.target.value)} autoFocus />
        </label>
        <p className="muted small">The history records it with every change you make (who, when, old and new value), as evidence practice asks.</p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="row end">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}
