// The descriptive fields of a batch edit. An empty field is left as it is on every photo; "Clear"
// empties it on all of them; the placeholder shows what the selected photos hold now.
import type { SelectionState } from './useSelectionState';
import { VARIES } from './useSelectionState';
import { BATCH_FIELDS, type BatchField, type FieldEdits } from './fields';

interface Props {
  edits: FieldEdits;
  current: SelectionState | null;
  onChange(edits: FieldEdits): void;
}

function placeholder(current: SelectionState | null, field: BatchField, hint: string | undefined): string {
  const now = current?.common[field];
  // Short enough for a narrow panel; the field's tooltip says the rest (empty keeps each photo's value).
  if (now === VARIES) return '(various values)';
  if (typeof now === 'string') return now;
  return hint ?? '';
}

export function FieldsForm({ edits, current, onChange }: Props) {
  const set = (field: BatchField, value: string | null | undefined) => {
    const next = { ...edits };
    if (value === undefined || value === '') delete next[field];
    else next[field] = value;
    onChange(next);
  };
  return (
    <div className="batch-fields">
      {BATCH_FIELDS.map(({ field, label, multiline, hint }) => {
        const clearing = edits[field] === null;
        const id = `batch-field-${field}`;
        const common = {
          id,
          value: clearing ? '' : (edits[field] ?? ''),
          disabled: clearing,
          placeholder: clearing ? '(will be cleared)' : placeholder(current, field, hint),
          title: current?.common[field] === VARIES && !clearing ? 'The selected photos have various values here: leave it empty to keep each one' : undefined,
          onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => set(field, e.target.value),
        };
        return (
          <div key={field} className={`batch-field${edits[field] !== undefined ? ' changed' : ''}`}>
            <label htmlFor={id}>{label}</label>
            {multiline ? <textarea rows={2} {...common} /> : <input type="text" {...common} />}
            <button
              type="button"
              className="clear-field"
              aria-pressed={clearing}
              aria-label={`Clear ${label}`}
              title={clearing ? `Keep ${label.toLowerCase()} as it is` : `Clear ${label.toLowerCase()} on every selected photo`}
              onClick={() => set(field, clearing ? undefined : null)}
            >
              {clearing ? 'Keep' : 'Clear'}
            </button>
          </div>
        );
      })}
    </div>
  );
}
