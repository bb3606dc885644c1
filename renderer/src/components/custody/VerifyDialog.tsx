// "Verify": every original re-hashed, the history chain recomputed and every time-stamp token
// checked offline (the core's verifyArchive), shown as it runs and then as a readable result: one
// line per check, the result per photo (problems first), the chain, and each time-stamp.
import { useEffect, useMemo, useState } from 'react';
import type { PhotoSummary, VerifyResult } from '../../../../shared/api';
import type { Host } from '../../host';
import { Modal } from '../shell/Modal';
import { TimestampNowButton } from './TimestampNowButton';
import { useVerify } from './useVerify';
import './custody.css';

const PHOTO_ROWS = 500;

function Summary({ r }: { r: VerifyResult }) {
  const badStamps = r.timestamps.filter((t) => !t.ok).length;
  return (
    <ul className="verify-summary">
      <li className={r.issues.length ? 'bad' : 'ok'}>
        {r.issues.length
          ? `${r.issues.length} of ${r.checked} originals changed or missing; ${r.ok} unchanged.`
          : `All ${r.checked} originals unchanged (SHA-256 as recorded at import).`}
      </li>
      <li className={r.chain.ok ? 'ok' : 'bad'}>
        {r.chain.ok
          ? `History chain intact: ${r.chain.entries} entries.`
          : `History chain BROKEN at entry ${r.chain.firstBad?.historyId} (${r.chain.firstBad?.problem}): ${r.chain.firstBad?.detail}`}
      </li>
      <li className={r.timestamps.length === 0 ? 'none' : badStamps ? 'bad' : 'ok'}>
        {r.timestamps.length === 0
          ? 'No trusted time-stamps yet (set a time-stamping authority in Settings).'
          : badStamps
            ? `${badStamps} of ${r.timestamps.length} time-stamps do NOT verify.`
            : `${r.timestamps.length === 1 ? 'The time-stamp verifies' : `All ${r.timestamps.length} time-stamps verify`} (imprint and signature, checked offline).`}
      </li>
    </ul>
  );
}

function Photos({ r, photos }: { r: VerifyResult; photos: PhotoSummary[] | null }) {
  const rows = useMemo(() => {
    const issues = new Map(r.issues.map((i) => [i.id, i]));
    const bad = r.issues.map((i) => ({ id: i.id, name: i.path.split(/[/\\]/).pop() ?? i.path, ok: false, text: `${i.problem}: ${i.detail}` }));
    const good = (photos ?? []).filter((p) => !issues.has(p.id) && p.status !== 'error').map((p) => ({ id: p.id, name: p.fileName, ok: true, text: 'unchanged' }));
    return [...bad, ...good];
  }, [r, photos]);
  const shown = rows.slice(0, PHOTO_ROWS);
  return (
    <>
      <h3>Originals</h3>
      <div className="verify-photos">
        <table className="verify-table" aria-label="Result per photo">
          <thead>
            <tr>
              <th>Photo</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.id}>
                <td>{row.name}</td>
                <td className={`result ${row.ok ? 'ok' : 'bad'}`}>{row.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length > shown.length && <p className="muted small">…and {rows.length - shown.length} more, unchanged.</p>}
      </div>
    </>
  );
}

function Timestamps({ r }: { r: VerifyResult }) {
  if (r.timestamps.length === 0) return null;
  return (
    <>
      <h3>Time-stamps</h3>
      <table className="verify-table" aria-label="Time-stamps">
        <thead>
          <tr>
            <th>Stamped</th>
            <th>Time (genTime)</th>
            <th>Authority</th>
            <th>Result</th>
          </tr>
        </thead>
        <tbody>
          {r.timestamps.map((t, i) => (
            <tr key={i}>
              <td>{t.label}</td>
              <td>{t.genTime ? new Date(t.genTime).toLocaleString() : '—'}</td>
              <td>{t.tsa ?? t.tsaUrl ?? '—'}</td>
              <td className={`result ${t.ok ? 'ok' : 'bad'}`} title={t.detail}>
                {t.ok ? 'verifies' : t.detail}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function VerifyDialog({ host, onClose }: { host: Host; onClose(): void }) {
  const { state, start } = useVerify(host);
  const [photos, setPhotos] = useState<PhotoSummary[] | null>(null);
  const [stampMessage, setStampMessage] = useState<{ text: string; ok: boolean } | null>(null);
  // Starts at once: opening the dialog is asking for it.
  useEffect(() => start(), [start]);
  useEffect(() => {
    if (state.phase === 'done') host.api.listPhotos({}).then(setPhotos, () => setPhotos([]));
  }, [host, state.phase]);
  return (
    <Modal title="Verify" onClose={onClose} className="verify">
      <h2>Verify the archive</h2>
      {state.phase === 'running' && (
        <div role="status">
          <p>{state.total ? `Re-hashing originals: ${state.done.toLocaleString()} of ${state.total.toLocaleString()}…` : 'Checking the history chain and time-stamps…'}</p>
          <progress max={state.total || 1} value={state.total ? state.done : undefined} />
        </div>
      )}
      {state.phase === 'failed' && (
        <p className="error" role="alert">
          Verify could not run: {state.message}
        </p>
      )}
      {state.phase === 'done' && (
        <>
          <p className="muted small">Finished {state.finishedAt.toLocaleString()}. Each photo's result is recorded in its history.</p>
          <Summary r={state.result} />
          <Photos r={state.result} photos={photos} />
          <Timestamps r={state.result} />
        </>
      )}
      {stampMessage && (
        <p className={stampMessage.ok ? 'muted small' : 'error'} role={stampMessage.ok ? 'status' : 'alert'}>
          {stampMessage.text}
        </p>
      )}
      <div className="row end">
        <TimestampNowButton host={host} disabled={state.phase === 'running'} onMessage={(text, ok) => setStampMessage({ text, ok })} />
        <button type="button" disabled={state.phase === 'running'} onClick={start}>
          Verify again
        </button>
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
