// What one selected region shows: object class, damage types, severity, confidence, note. Every
// change is saved at once.
import type { Confidence, Region, Severity } from '../../../../shared/api';
import { CONFIDENCES, NOT_ASSESSABLE, SEVERITIES } from '../../../../shared/taxonomy';
import { classGroups, termsOfKind, type Vocabulary } from './terms';
import { RedactControl } from './RedactControl';
import type { RegionPatch } from './useAnnotations';

interface Props {
  region: Region;
  vocab: Vocabulary;
  onChange(patch: RegionPatch): void;
  onDelete(): void;
}

export function RegionForm({ region, vocab, onChange, onDelete }: Props) {
  const groups = classGroups(vocab);
  const current = region.classId === null ? undefined : vocab.byId.get(region.classId);
  const currentOffered = groups.some((g) => g.root.id === region.classId || g.options.some((o) => o.term.id === region.classId));
  const severity = SEVERITIES.find((s) => s.value === region.severity);
  const toggleDamage = (id: number, on: boolean) =>
    onChange({ damageIds: on ? [...region.damageIds, id].sort((a, b) => a - b) : region.damageIds.filter((d) => d !== id) });

  return (
    <div className="region-form">
      <label>
        <span className="field-label">Object class</span>
        <select
          aria-label="Object class"
          value={region.classId ?? ''}
          onChange={(e) => onChange({ classId: e.target.value === '' ? null : Number(e.target.value) })}
        >
          <option value="">— not classified —</option>
          {current && !currentOffered && <option value={current.id}>{`${current.label} (${current.mergedInto ? 'merged' : 'hidden'})`}</option>}
          {groups.map((g) =>
            g.options.length === 0 ? (
              <option key={g.root.id} value={g.root.id}>
                {g.root.label}
              </option>
            ) : (
              <optgroup key={g.root.id} label={g.root.label}>
                <option value={g.root.id}>{`${g.root.label}${g.root.shortcut ? ` (${g.root.shortcut})` : ''}`}</option>
                {g.options.map((o) => (
                  <option key={o.term.id} value={o.term.id}>
                    {`${'  '.repeat(o.depth - 1)}${o.term.label}`}
                  </option>
                ))}
              </optgroup>
            ),
          )}
        </select>
      </label>

      <fieldset>
        <legend>Damage</legend>
        <div className="checks">
          {termsOfKind(vocab, 'damage').map((t) => (
            <label key={t.id}>
              <input type="checkbox" checked={region.damageIds.includes(t.id)} onChange={(e) => toggleDamage(t.id, e.target.checked)} />
              <span className="swatch" style={{ background: t.colour ?? 'transparent' }} />
              {t.label}
              {t.shortcut && <span className="key-hint">{t.shortcut}</span>}
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend>Severity (keys 0–4, n)</legend>
        <div className="segmented" role="group" aria-label="Severity">
          {SEVERITIES.map((s) => (
            <SeverityButton key={s.value} value={s.value} current={region.severity} label={s.label} title={`${s.meaning}. EMS-98 ${s.ems98}, xBD ${s.xbd}, UNOSAT ${s.unosat}`} onChange={onChange} />
          ))}
          <SeverityButton value={NOT_ASSESSABLE} current={region.severity} label="not assessable" title="The photo does not show enough to grade it" onChange={onChange} />
        </div>
        {severity && <div className="severity-meaning">{`${severity.meaning} (EMS-98 ${severity.ems98}, xBD ${severity.xbd}, UNOSAT ${severity.unosat})`}</div>}
      </fieldset>

      <fieldset>
        <legend>Confidence</legend>
        <div className="segmented" role="group" aria-label="Confidence">
          {CONFIDENCES.map((c: Confidence) => (
            <button
              key={c}
              type="button"
              aria-pressed={region.confidence === c}
              onClick={() => onChange({ confidence: region.confidence === c ? null : c })}
            >
              {c}
            </button>
          ))}
        </div>
      </fieldset>

      <label>
        <span className="field-label">Note</span>
        <textarea
          key={`${region.id}:${region.note}`}
          aria-label="Note"
          defaultValue={region.note}
          rows={3}
          onBlur={(e) => e.target.value !== region.note && onChange({ note: e.target.value })}
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            e.currentTarget.value = region.note;
            e.currentTarget.blur();
          }}
        />
      </label>

      <RedactControl region={region} onChange={onChange} onDelete={onDelete} />

      <button type="button" className="danger" onClick={onDelete} title="Delete this region (Delete)">
        Delete region
      </button>
    </div>
  );
}

function SeverityButton(props: { value: Severity; current: Severity | null; label: string; title: string; onChange(p: RegionPatch): void }) {
  const on = props.current === props.value;
  return (
    <button type="button" aria-pressed={on} title={props.title} onClick={() => props.onChange({ severity: on ? null : props.value })}>
      {props.label}
    </button>
  );
}
