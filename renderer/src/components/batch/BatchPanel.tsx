// Tag and describe the selected photos in one step: tags to add and to remove, fields to set or
// clear. The core's plan of what would change is shown before anything is applied; applying is
// one undo step.
import { useEffect, useMemo, useState } from 'react';
import type { BatchSummary, Term } from '../../../../shared/api';
import type { Host } from '../../host';
import { byIdMap, termPath } from '../vocabulary/terms';
import { MOD_LABEL } from '../shell/keys';
import type { FieldEdits } from './fields';
import { FieldsForm } from './FieldsForm';
import { changesAnything, describeSummary } from './summary';
import { TermPicker, type TermChoice as TagChoice } from '../terms/TermPicker';
import { STATE_LIMIT, useSelectionState } from './useSelectionState';
import { BatchReview } from './BatchReview';
import { ClockShiftButton } from '../clock/ClockShiftButton';
import './batch.css';

interface Props {
  host: Host;
  terms: Term[];
  /** The selected photos, in grid order. */
  photoIds: number[];
  /** Changes when annotations change, so the plan and the photos' current tags are read again. */
  version: number;
  onApplied(message: string): void;
  onClose(): void;
}

type Plan = { key: string; summary: BatchSummary | null; error: string | null };

function Chip({ label, colour, onRemove, removeLabel }: { label: string; colour?: string | null; onRemove(): void; removeLabel: string }) {
  return (
    <li className="chip">
      {colour && <span className="swatch" style={{ background: colour }} />}
      <span>{label}</span>
      <button type="button" aria-label={removeLabel} title={removeLabel} onClick={onRemove}>
        ×
      </button>
    </li>
  );
}

export function BatchPanel({ host, terms, photoIds, version, onApplied, onClose }: Props) {
  const [add, setAdd] = useState<TagChoice[]>([]);
  const [remove, setRemove] = useState<TagChoice[]>([]);
  const [fields, setFields] = useState<FieldEdits>({});
  const [plan, setPlan] = useState<Plan | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const byId = useMemo(() => byIdMap(terms), [terms]);
  const current = useSelectionState(host, photoIds, version);

  const newTags = add.filter((c) => c.id === null).map((c) => c.label);
  const change = useMemo(
    () => ({
      photoIds,
      addTagIds: add.flatMap((c) => (c.id === null ? [] : [c.id])),
      removeTagIds: remove.flatMap((c) => (c.id === null ? [] : [c.id])),
      fields,
    }),
    [photoIds, add, remove, fields],
  );
  const hasChange = add.length + remove.length + Object.keys(fields).length > 0;
  // A new tag is on none of the photos yet, so it would be added to each of them.
  const newTagUses = newTags.length * new Set(photoIds).size;
  const planKey = `${version}:${JSON.stringify(change)}`;

  useEffect(() => {
    if (!hasChange || photoIds.length === 0) return;
    let live = true;
    // Ask the core only once typing pauses.
    const timer = setTimeout(() => {
      host.api.planBatch(change).then(
        (summary) => live && setPlan({ key: planKey, summary, error: null }),
        (e: Error) => live && setPlan({ key: planKey, summary: null, error: e.message }),
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [host, change, hasChange, photoIds.length, planKey]);

  const currentPlan = plan?.key === planKey ? plan : null;
  const canApply = !busy && hasChange && !!currentPlan?.summary && changesAnything(currentPlan.summary, newTagUses);

  const apply = async () => {
    setBusy(true);
    setError(null);
    try {
      // New tags are created now, and every tag keeps the place the user gave it (the undo label lists them so).
      const addTagIds: number[] = [];
      for (const c of add) addTagIds.push(c.id ?? (await host.api.addTerm({ kind: 'tag', label: c.label })).id);
      const summary = await host.api.applyBatch({ ...change, addTagIds });
      onApplied(`Applied: ${describeSummary(summary, fields)}`);
      setAdd([]);
      setRemove([]);
      setFields({});
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const chosenIds = new Set([...add, ...remove].flatMap((c) => (c.id === null ? [] : [c.id])));
  const onPhotos = current ? [...current.tagCounts.entries()].filter(([id]) => byId.has(id)) : [];
  const n = photoIds.length;
  const choiceLabel = (c: TagChoice) => {
    const t = c.id === null ? undefined : byId.get(c.id);
    return t ? termPath(t, byId) : c.label;
  };

  return (
    <aside className="batch-panel" aria-label="Tag and describe selection">
      <header>
        <h2>Tag / describe</h2>
        <span className="muted">{n === 0 ? 'No photos selected' : `${n} photo${n === 1 ? '' : 's'} selected`}</span>
        <span className="spacer" />
        <button type="button" onClick={onClose} aria-label="Close the tag panel" title="Close">
          ×
        </button>
      </header>
      <div className="batch-body">
        {n === 0 ? (
          <p className="muted">Select photos in the grid: click, Shift+click for a range, {MOD_LABEL}+click to add one, {MOD_LABEL}+A for all.</p>
        ) : (
          <>
            <section aria-label="Tags on these photos">
              <h3>On these photos</h3>
              {n > STATE_LIMIT ? (
                <p className="muted">{`Current tags are listed for up to ${STATE_LIMIT} photos.`}</p>
              ) : !current ? (
                <p className="muted">Reading…</p>
              ) : onPhotos.length === 0 ? (
                <p className="muted">No tags yet.</p>
              ) : (
                <ul className="chips">
                  {onPhotos.map(([id, count]) => {
                    const t = byId.get(id)!;
                    return (
                      <li key={id} className={`chip present${chosenIds.has(id) ? ' chosen' : ''}`}>
                        {t.colour && <span className="swatch" style={{ background: t.colour }} />}
                        <span>{`${termPath(t, byId)} · ${count}/${n}`}</span>
                        <button
                          type="button"
                          disabled={chosenIds.has(id)}
                          title={`Remove “${t.label}” from the selected photos`}
                          aria-label={`Remove ${t.label} from the selected photos`}
                          onClick={() => setRemove((r) => [...r, { id, label: t.label }])}
                        >
                          −
                        </button>
                      </li>
                    );
                  })}
                </ul>
              )}
            </section>
            <section>
              <h3>Add tags</h3>
              {add.length > 0 && (
                <ul className="chips" aria-label="Tags to add">
                  {add.map((c) => (
                    <Chip
                      key={c.id ?? `new:${c.label}`}
                      label={c.id === null ? `${c.label} (new tag)` : choiceLabel(c)}
                      colour={c.id === null ? null : (byId.get(c.id)?.colour ?? null)}
                      removeLabel={`Do not add ${c.label}`}
                      onRemove={() => setAdd((a) => a.filter((x) => x !== c))}
                    />
                  ))}
                </ul>
              )}
              <TermPicker
                label="Add tags"
                terms={terms}
                byId={byId}
                exclude={chosenIds}
                allowCreate
                onChoose={(c) => {
                  if (c.id === null && add.some((x) => x.id === null && x.label.toLowerCase() === c.label.toLowerCase())) return;
                  setAdd((a) => [...a, c]);
                }}
              />
            </section>
            <section>
              <h3>Remove tags</h3>
              {remove.length > 0 && (
                <ul className="chips" aria-label="Tags to remove">
                  {remove.map((c) => (
                    <Chip
                      key={c.id ?? c.label}
                      label={choiceLabel(c)}
                      colour={c.id === null ? null : (byId.get(c.id)?.colour ?? null)}
                      removeLabel={`Do not remove ${c.label}`}
                      onRemove={() => setRemove((r) => r.filter((x) => x !== c))}
                    />
                  ))}
                </ul>
              )}
              <TermPicker
                label="Remove tags"
                terms={terms}
                byId={byId}
                exclude={chosenIds}
                counts={current?.tagCounts}
                allowCreate={false}
                onChoose={(c) => setRemove((r) => [...r, c])}
              />
            </section>
            <section>
              <h3>Camera clock</h3>
              <p className="muted small">A camera set to the wrong time: shift these photos’ capture times (the files’ own times are kept).</p>
              <ClockShiftButton host={host} photoIds={photoIds} onDone={onApplied} />
            </section>
            <section>
              <h3>Fields</h3>
              <p className="muted small">Empty fields stay as they are on each photo.</p>
              <FieldsForm edits={fields} current={current} onChange={setFields} />
            </section>
            <BatchReview host={host} photoIds={photoIds} version={version} onApplied={onApplied} />
          </>
        )}
      </div>
      {n > 0 && (
        <footer>
          <p className={hasChange ? 'batch-summary' : 'batch-summary muted'} aria-live="polite" data-testid="batch-summary">
            {!hasChange
              ? 'Choose tags or fill in fields. Nothing changes until you apply.'
              : currentPlan?.error
                ? currentPlan.error
                : currentPlan?.summary
                  ? describeSummary(currentPlan.summary, fields, newTagUses)
                  : 'Working out what would change…'}
          </p>
          {newTags.length > 0 && <p className="muted small">{`New tag${newTags.length === 1 ? '' : 's'} created on apply: ${newTags.join(', ')}`}</p>}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <div className="row end">
            <button
              type="button"
              disabled={!hasChange || busy}
              onClick={() => {
                setAdd([]);
                setRemove([]);
                setFields({});
              }}
            >
              Reset
            </button>
            <button type="button" className="primary" disabled={!canApply} onClick={() => void apply()} title={`One step: ${MOD_LABEL}+Z undoes it`}>
              {busy ? 'Applying…' : `Apply to ${n} photo${n === 1 ? '' : 's'}`}
            </button>
          </div>
        </footer>
      )}
    </aside>
  );
}
