// Descriptive metadata the user writes (IPTC-like fields). Values found in the file show as
// placeholders marked "from file" until the user enters their own; each field saves on blur/Enter.
import { useRef, useState, type FocusEvent, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { META_FIELDS, type FileDescriptive, type Gps, type MetaField, type MetaFields } from '../../../../shared/api';
import { META_FIELD_SPECS, type MetaFieldSpec } from '../../metaFields';

interface FieldSpec extends MetaFieldSpec {
  field: MetaField;
}

const SECTIONS: Array<{ title: MetaFieldSpec['group']; fields: FieldSpec[] }> = (['Description', 'Place', 'Context'] as const).map((title) => ({
  title,
  fields: META_FIELDS.filter((f) => META_FIELD_SPECS[f].group === title).map((field) => ({ field, ...META_FIELD_SPECS[field] })),
}));

interface Props {
  photoId: number;
  meta: MetaFields;
  fromFile: FileDescriptive;
  gps: Gps | null;
  onSave(field: MetaField, value: string): Promise<void>;
}

export function MetaForm({ photoId, meta, fromFile, gps, onSave }: Props) {
  return (
    <div className="meta-form">
      {SECTIONS.map((s) => (
        <section key={s.title} aria-label={s.title}>
          <h2>{s.title}</h2>
          {s.fields.map((f) => {
            const stored = meta[f.field] ?? null;
            const fileValue = f.fromFile ? fromFile[f.fromFile] : f.field === 'lat' ? gpsText(gps?.lat) : f.field === 'lon' ? gpsText(gps?.lon) : null;
            return (
              // Keyed by the stored value: after a save, undo or redo the field shows what is stored.
              <MetaInput key={`${photoId}:${f.field}:${stored ?? ''}`} spec={f} stored={stored} fileValue={fileValue} onSave={onSave} />
            );
          })}
        </section>
      ))}
    </div>
  );
}

function gpsText(v: number | undefined): string | null {
  return v === undefined ? null : String(v);
}

/** Six decimals (about 0.1 m), trailing zeros dropped; the exact value is in the tooltip. */
function roundCoordinate(exact: string): string {
  const n = Number(exact);
  return Number.isFinite(n) ? String(Number(n.toFixed(6))) : exact;
}

function MetaInput({ spec, stored, fileValue, onSave }: { spec: FieldSpec; stored: string | null; fileValue: string | null; onSave: Props['onSave'] }) {
  const [error, setError] = useState<string | null>(null);
  // Enter saves, and the blur that follows must not save the same value again.
  const saved = useRef(stored ?? '');
  const id = `meta-${spec.field}`;
  const coordinate = spec.field === 'lat' || spec.field === 'lon';
  const save = (value: string) => {
    if (value === saved.current) return;
    saved.current = value;
    setError(null);
    onSave(spec.field, value).catch((e: Error) => {
      saved.current = stored ?? '';
      setError(e.message);
    });
  };
  const common = {
    id,
    'data-meta': spec.field,
    defaultValue: stored ?? '',
    // A coordinate's file value is shown as a value below the field, not as placeholder text.
    placeholder: coordinate ? 'decimal degrees, e.g. 50.4501' : (fileValue ?? undefined),
    onBlur: (e: FocusEvent<HTMLInputElement | HTMLTextAreaElement>) => save(e.target.value),
    onKeyDown: (e: ReactKeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      if (e.key === 'Escape') {
        e.currentTarget.value = stored ?? '';
        e.currentTarget.blur();
      } else if (e.key === 'Enter' && (!spec.multiline || e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        save(e.currentTarget.value);
      }
    },
  };
  return (
    <div className="meta-field">
      <div className="meta-field-head">
        <label htmlFor={id}>{spec.label}</label>
        {coordinate && stored !== null ? (
          <span className="badge user" title={fileValue ? `The file's GPS says ${fileValue}` : 'The file has no GPS position'}>
            user-supplied
          </span>
        ) : coordinate ? null : stored === null && fileValue ? (
          <span className="badge from-file" title="Read from the file's metadata; type to replace it">
            from file
          </span>
        ) : stored !== null && fileValue && stored !== fileValue ? (
          <span className="badge" title={`The file says: ${fileValue}`}>
            edited
          </span>
        ) : null}
      </div>
      {spec.multiline ? <textarea rows={3} {...common} /> : <input type="text" inputMode={coordinate ? 'decimal' : undefined} {...common} />}
      {coordinate && fileValue && (
        <div className="file-gps" data-file-gps={spec.field}>
          <span className="badge from-file">from file</span> GPS{' '}
          <span className="value" title={`Exact value in the file: ${fileValue}`}>
            {roundCoordinate(fileValue)}
          </span>
          {stored === null && <span className="muted"> · type to give your own position</span>}
        </div>
      )}
      {error && <div className="field-error">{error}</div>}
    </div>
  );
}
