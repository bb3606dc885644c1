// First start (desktop and browser): asks who is working, because every history entry names its
// author and the app never falls back to the OS account name. Shown until a name is saved.
import { useEffect, useState } from 'react';
import type { Host } from '../../host';
import { FormError } from '../shell/FormError';
import { Modal } from '../shell/Modal';
import { UserNameField } from './UserNameField';

export function WhoIsWorking({ host, onSaved }: { host: Host; onSaved(message: string): void }) {
  const [needed, setNeeded] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    host.api.getSettings({}).then(
      (s) => live && setNeeded(s.userName.trim() === ''),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [host]);
  if (!needed) return null;
  const save = async () => {
    const userName = name.trim();
    if (!userName) return setError('Enter a name (or initials, or a role such as "Field team 2").');
    try {
      await host.api.setSettings({ userName });
      setNeeded(false);
      onSaved(`Changes are now recorded as made by ${userName}.`);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    // Closing without a name leaves "unnamed user" in the history; the dialog comes back next start.
    <Modal title="Who is working?" onClose={() => setNeeded(false)} className="who-is-working">
      <h2>Who is working?</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <p>
          Every change, import, verification and export is recorded in the archive&apos;s history with the name of the person who made it. The name
          travels with exports; your computer&apos;s account name is never used.
        </p>
        <UserNameField value={name} onChange={setName} />
        <FormError error={error} />
        <div className="row end">
          <button type="submit" className="primary">
            Start working
          </button>
        </div>
      </form>
    </Modal>
  );
}
