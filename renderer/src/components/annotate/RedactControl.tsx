// Marking a region "redact": shared copies of the image (share exports, the catalogue, the images
// export) hide it. A suggestion (face detection) hides nothing until the user accepts it.
import type { RedactKind, Region } from '../../../../shared/api';
import type { RegionPatch } from './useAnnotations';

export const REDACT_KINDS: ReadonlyArray<{ kind: RedactKind; label: string }> = [
  { kind: 'face', label: 'face' },
  { kind: 'plate', label: 'licence plate' },
  { kind: 'text', label: 'identifying text' },
  { kind: 'other', label: 'other' },
];

export function RedactControl({ region, onChange, onDelete }: { region: Region; onChange(p: RegionPatch): void; onDelete(): void }) {
  const suggested = region.redact !== null && region.redactState === 'suggested';
  return (
    <fieldset className="redact-control">
      <legend>Redact in shared copies</legend>
      <select
        aria-label="Redact"
        value={region.redact ?? ''}
        onChange={(e) => onChange({ redact: e.target.value === '' ? null : (e.target.value as RedactKind), redactState: e.target.value === '' ? null : 'confirmed' })}
      >
        <option value="">— not redacted —</option>
        {REDACT_KINDS.map((k) => (
          <option key={k.kind} value={k.kind}>
            {k.label}
          </option>
        ))}
      </select>
      {suggested && (
        <div className="row" role="group" aria-label="Suggested redaction">
          <span className="muted">Suggested (not yet hidden anywhere).</span>
          <button type="button" onClick={() => onChange({ redactState: 'confirmed' })}>
            Accept
          </button>
          <button type="button" onClick={onDelete}>
            Reject
          </button>
        </div>
      )}
      {region.redact !== null && !suggested && <div className="muted">Blurred or blacked out in share exports; the original is never changed.</div>}
    </fieldset>
  );
}
