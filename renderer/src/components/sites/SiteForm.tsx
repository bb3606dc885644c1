// Creating or editing a site: name, kind, position (latitude, longitude) with its precision, notes.
import { useState } from 'react';
import type { Site } from '../../../../shared/api';
import { SITE_KINDS } from './useSites';
import { FormError } from '../shell/FormError';

export type SiteFields = Pick<Site, 'name' | 'kind' | 'lat' | 'lon' | 'precision' | 'notes'>;

interface Props {
  initial?: SiteFields;
  submitLabel: string;
  onSubmit(fields: SiteFields): Promise<void>;
  onCancel?(): void;
}

const num = (s: string) => (s.trim() === '' ? null : Number(s.replace(',', '.')));

export function SiteForm({ initial, submitLabel, onSubmit, onCancel }: Props) {
  const [name, setName] = useState(initial?.name ?? '');
  const [kind, setKind] = useState<Site['kind']>(initial?.kind ?? 'building');
  const [lat, setLat] = useState(initial?.lat?.toString() ?? '');
  const [lon, setLon] = useState(initial?.lon?.toString() ?? '');
  const [precision, setPrecision] = useState<string>(initial?.precision?.toString() ?? '');
  const [notes, setNotes] = useState(initial?.notes ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const la = num(lat);
    const lo = num(lon);
    if (!name.trim()) return setProblem('Give the site a name.');
    if ((la === null) !== (lo === null)) return setProblem('Give both latitude and longitude, or neither.');
    if (la !== null && (!Number.isFinite(la) || la < -90 || la > 90)) return setProblem('Latitude is a number from -90 to 90.');
    if (lo !== null && (!Number.isFinite(lo) || lo < -180 || lo > 180)) return setProblem('Longitude is a number from -180 to 180.');
    setProblem(null);
    setBusy(true);
    try {
      await onSubmit({ name: name.trim(), kind, lat: la, lon: lo, precision: precision ? (Number(precision) as Site['precision']) : null, notes });
    } catch (err) {
      setProblem((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="site-form" onSubmit={(e) => void submit(e)}>
      <label className="field">
        <span>Name</span>
        <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Van at checkpoint" maxLength={200} />
      </label>
      <label className="field">
        <span>Kind</span>
        <select value={kind} onChange={(e) => setKind(e.target.value as Site['kind'])}>
          {SITE_KINDS.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      <div className="site-form-row">
        <label className="field">
          <span>Latitude</span>
          <input type="text" inputMode="decimal" value={lat} onChange={(e) => setLat(e.target.value)} placeholder="50.4501" />
        </label>
        <label className="field">
          <span>Longitude</span>
          <input type="text" inputMode="decimal" value={lon} onChange={(e) => setLon(e.target.value)} placeholder="30.5234" />
        </label>
        <label className="field">
          <span>Precision</span>
          <select value={precision} onChange={(e) => setPrecision(e.target.value)}>
            <option value="">not stated</option>
            <option value="10">±10 m</option>
            <option value="100">±100 m</option>
            <option value="1000">±1 km</option>
          </select>
        </label>
      </div>
      <label className="field">
        <span>Notes</span>
        <textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} maxLength={10_000} />
      </label>
      <FormError error={problem} />
      <div className="site-form-actions">
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
