// Settings: the RFC 3161 time-stamping authority. Empty by default, and then nothing is ever
// contacted; when set, the history chain head and every exported bag are time-stamped.
import { useEffect, useState } from 'react';
import type { Host } from '../../host';
import { TimestampNowButton } from './TimestampNowButton';
import './custody.css';

export function TimestampSection({ host }: { host: Host }) {
  const [saved, setSaved] = useState<string | null>(null);
  const [url, setUrl] = useState('');
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  useEffect(() => {
    host.api.getSettings({}).then(
      (s) => {
        setSaved(s.tsaUrl);
        setUrl(s.tsaUrl);
      },
      (e: Error) => setMessage({ text: e.message, ok: false }),
    );
  }, [host]);
  const save = async () => {
    try {
      const s = await host.api.setSettings({ tsaUrl: url.trim() });
      setSaved(s.tsaUrl);
      setUrl(s.tsaUrl);
      setMessage({ text: s.tsaUrl ? `Time-stamps will be asked of ${s.tsaUrl}.` : 'No time-stamping authority: nothing will be contacted.', ok: true });
    } catch (e) {
      setMessage({ text: (e as Error).message, ok: false });
    }
  };
  const changed = saved !== null && url.trim() !== saved;
  return (
    <section className="timestamps-settings" aria-label="Trusted time-stamps">
      <h3>Trusted time-stamps (RFC 3161)</h3>
      <label className="field">
        <span>Time-stamping authority URL</span>
        <input
          type="text"
          inputMode="url"
          spellCheck={false}
          placeholder="empty: none (nothing is contacted)"
          value={url}
          maxLength={2000}
          onChange={(e) => setUrl(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void save();
            }
          }}
        />
      </label>
      <p className="muted small">
        When set, the history chain head is time-stamped on demand and after each bag export, and each bag's tag manifest is time-stamped; the
        tokens are kept and travel in the bag. This is the only network connection the archive makes.
      </p>
      <div className="row">
        <button type="button" disabled={!changed} onClick={() => void save()}>
          Use this authority
        </button>
        <TimestampNowButton host={host} disabled={!saved || changed} onMessage={(text, ok) => setMessage({ text, ok })} />
      </div>
      {message && (
        <p className={message.ok ? 'muted small' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
