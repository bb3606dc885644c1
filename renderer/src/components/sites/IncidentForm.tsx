// Creating or editing an incident: a name, a date range (year, month or day precision), a description.
import { useState } from 'react';
import type { Incident } from '../../../../shared/api';
import { FormError } from '../shell/FormError';

export type IncidentFields = Pick<Incident, 'name' | 'startDate' | 'endDate' | 'description'>;

const PARTIAL_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

export function IncidentForm({ initial, submitLabel, onSubmit, onCancel }: { initial?: IncidentFields; submitLabel: string; onSubmit(f: IncidentFields): Promise<void>; onCancel?(): void }) {
  const [name, setName] = useState(initial?.name ?? '');
  const [start, setStart] = useState(initial?.startDate ?? '');
  const [end, setEnd] = useState(initial?.endDate ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setProblem('Give the incident a name.');
    for (const d of [start, end]) if (d.trim() && !PARTIAL_DATE.test(d.trim())) return setProblem(`"${d}" is not a date: write 2022, 2022-03 or 2022-03-05.`);
    try {
      await onSubmit({ name: name.trim(), startDate: start.trim() || null, endDate: end.trim() || null, description });
      setProblem(null);
    } catch (err) {
      setProblem((err as Error).message);
    }
  };
  return (
    <form className="site-form" onSubmit={(e) => void submit(e)}>
      <label className="field">
        <span>Name</span>
        <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Shelling of the market" maxLength={200} />
      </label>
      <div className="site-form-row">
        <label className="field">
          <span>From (YYYY, YYYY-MM or YYYY-MM-DD)</span>
          <input type="text" value={start} onChange={(e) => setStart(e.target.value)} placeholder="2022-03-05" />
        </label>
        <label className="field">
          <span>To</span>
          <input type="text" value={end} onChange={(e) => setEnd(e.target.value)} placeholder="2022-03-06" />
        </label>
      </div>
      <label className="field">
        <span>Description</span>
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={3} maxLength={10_000} />
      </label>
      <FormError error={problem} />
      <div className="site-form-actions">
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="primary">
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
