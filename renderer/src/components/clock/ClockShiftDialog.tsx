// Correct a wrong camera clock for a selection: move every photo by a duration, or give one photo's
// true time and move the rest by the same amount. The core's plan (first photos: camera said, now,
// after) is shown before anything changes; applying is one undoable step. Photos whose file states no
// capture time are listed and left alone: no time is invented.
import { useEffect, useMemo, useState } from 'react';
import type { ClockPlan, ClockShift } from '../../../../shared/api';
import type { Host } from '../../host';
import { Modal } from '../shell/Modal';
import { MOD_LABEL } from '../shell/keys';
import { durationSeconds, referenceTime, type DurationParts } from './duration';
import './clock.css';
import { FormError } from '../shell/FormError';

interface Props {
  host: Host;
  /** The photos to correct, in grid order. */
  photoIds: number[];
  /** The photo whose true time "Set true time" gives (the first selected, or the one in the viewer). */
  referenceId: number;
  onDone(message: string): void;
  onClose(): void;
}

type Mode = 'by' | 'set';
const EMPTY: DurationParts = { sign: '+', days: '', hours: '', minutes: '', seconds: '' };
const show = (local: string) => local.replace('T', ' ');

export function ClockShiftDialog({ host, photoIds, referenceId, onDone, onClose }: Props) {
  const [mode, setMode] = useState<Mode>('by');
  const [parts, setParts] = useState<DurationParts>(EMPTY);
  const [trueTime, setTrueTime] = useState('');
  const [reference, setReference] = useState<{ fileName: string; now: string | null } | null>(null);
  const [plan, setPlan] = useState<{ key: string; plan: ClockPlan | null; error: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    host.api.getPhoto({ id: referenceId }).then(
      (p) => {
        if (!live) return;
        const now = referenceTime(p);
        setReference({ fileName: p.fileName, now });
        if (now) setTrueTime(now.slice(0, 19));
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [host, referenceId]);

  const parsed = useMemo((): { shift: ClockShift | null; problem: string | null } => {
    if (mode === 'by') {
      const s = durationSeconds(parts);
      if (typeof s === 'string') return { shift: null, problem: s };
      return s === 0 ? { shift: null, problem: 'Enter how far to move the clock.' } : { shift: { by: s }, problem: null };
    }
    if (!reference?.now) return { shift: null, problem: reference ? `${reference.fileName} has no capture time: its true time cannot be set. Shift by a duration instead.` : null };
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(trueTime)) return { shift: null, problem: 'Enter the true date and time.' };
    return { shift: { photoId: referenceId, trueTime }, problem: null };
  }, [mode, parts, reference, trueTime, referenceId]);

  const key = JSON.stringify({ photoIds, shift: parsed.shift });
  useEffect(() => {
    if (!parsed.shift) return;
    let live = true;
    const timer = setTimeout(() => {
      host.api.planClockShift({ photoIds, shift: parsed.shift! }).then(
        (p) => live && setPlan({ key, plan: p, error: null }),
        (e: Error) => live && setPlan({ key, plan: null, error: e.message }),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [host, photoIds, parsed.shift, key]);

  const current = plan?.key === key && parsed.shift ? plan : null;
  const canApply = !busy && !!current?.plan && current.plan.changed > 0 && current.plan.deltaSeconds !== 0;

  const apply = async () => {
    if (!parsed.shift || !canApply) return;
    setBusy(true);
    setError(null);
    try {
      const r = await host.api.applyClockShift({ photoIds, shift: parsed.shift });
      const skipped = r.withoutTimeCount ? ` ${r.withoutTimeCount} without a capture time left alone.` : '';
      onDone(`${r.label}.${skipped} ${MOD_LABEL}+Z undoes it.`);
      onClose();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const n = photoIds.length;
  const setPart = (k: keyof DurationParts) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setParts((p) => ({ ...p, [k]: e.target.value }));
  const p = current?.plan;
  const status = parsed.problem ?? current?.error ?? (p ? null : parsed.shift ? 'Working out what would change…' : null);

  return (
    <Modal title="Correct camera clock" onClose={onClose} className="clock-dialog">
      <h2>Correct camera clock</h2>
      <p className="muted small">
        {`${n.toLocaleString()} photo${n === 1 ? '' : 's'} selected. The time written in each file is kept (shown as “camera said”); the corrected time is what sorts, searches and exports. Shifts add up.`}
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void apply();
        }}
      >
        <fieldset className="clock-mode">
          <legend>How</legend>
          <label>
            <input type="radio" name="clock-mode" checked={mode === 'by'} onChange={() => setMode('by')} /> Shift by a duration
          </label>
          <label>
            <input type="radio" name="clock-mode" checked={mode === 'set'} onChange={() => setMode('set')} />
            {` Set the true time of ${reference?.fileName ?? 'the first photo'}`}
          </label>
        </fieldset>
        {mode === 'by' ? (
          <div className="clock-duration" role="group" aria-label="Shift by">
            <select aria-label="Direction" value={parts.sign} onChange={setPart('sign')}>
              <option value="+">+ later</option>
              <option value="-">− earlier</option>
            </select>
            {(['days', 'hours', 'minutes', 'seconds'] as const).map((k) => (
              <label key={k}>
                <input type="number" inputMode="numeric" min={0} step={1} value={parts[k]} onChange={setPart(k)} aria-label={k[0]!.toUpperCase() + k.slice(1)} autoFocus={k === 'hours'} />
                <span>{{ days: 'd', hours: 'h', minutes: 'min', seconds: 's' }[k]}</span>
              </label>
            ))}
          </div>
        ) : (
          <label className="field">
            <span>{reference?.now ? `True local time (now ${show(reference.now)})` : 'True local time'}</span>
            <input type="datetime-local" step={1} value={trueTime} onChange={(e) => setTrueTime(e.target.value)} aria-label="True local time" autoFocus />
          </label>
        )}

        <div className="clock-preview" aria-live="polite" data-testid="clock-preview">
          {status && <p className={parsed.problem || current?.error ? 'error' : 'muted'}>{status}</p>}
          {p && !parsed.problem && (
            <>
              <p className="clock-summary">
                <strong>{p.deltaSeconds === 0 ? 'No change: that is the time it already shows.' : p.label}</strong>
              </p>
              {p.preview.length > 0 && (
                <table className="clock-table">
                  <thead>
                    <tr>
                      <th scope="col">Photo</th>
                      <th scope="col">Camera said</th>
                      <th scope="col">Now</th>
                      <th scope="col">After</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.preview.map((r) => (
                      <tr key={r.id}>
                        <td>{r.fileName}</td>
                        <td className="muted">{show(r.camera)}</td>
                        <td>{show(r.before)}</td>
                        <td>
                          <strong>{show(r.after)}</strong>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {p.changed > p.preview.length && <p className="muted small">{`… and ${(p.changed - p.preview.length).toLocaleString()} more.`}</p>}
              {p.withoutTimeCount > 0 && (
                <p className="clock-skipped" role="note">
                  {`Left alone, no capture time in the file (${p.withoutTimeCount}): ${p.withoutTime.map((w) => w.fileName).join(', ')}${p.withoutTimeCount > p.withoutTime.length ? ', …' : ''}`}
                </p>
              )}
            </>
          )}
        </div>
        <FormError error={error} />
        <div className="row end">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!canApply} title={`One step: ${MOD_LABEL}+Z undoes it`}>
            {busy ? 'Shifting…' : p && p.changed > 0 ? `Shift ${p.changed.toLocaleString()} photo${p.changed === 1 ? '' : 's'}` : 'Shift'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
