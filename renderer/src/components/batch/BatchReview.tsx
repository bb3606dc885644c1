// The batch panel's review section: set the review status and/or the sensitive flag of the selected
// photos, with the core's preview of what would change (sealed photos keep their status: unsealing is
// done one photo at a time in the photo view, with a reason). One undo step.
import { useEffect, useMemo, useState } from 'react';
import { ReviewStatus as Statuses, type ReviewStatus, type ReviewSummary } from '../../../../shared/api';
import type { Host } from '../../host';
import { MOD_LABEL } from '../shell/keys';

const LABELS: Record<ReviewStatus, string> = { new: 'New', annotated: 'Annotated', reviewed: 'Reviewed', sealed: 'Sealed' };
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export function describeReviewSummary(s: ReviewSummary): string {
  const parts: string[] = [];
  if (s.statusChanged) parts.push(`status changed on ${s.statusChanged}`);
  if (s.sensitiveChanged) parts.push(`sensitive flag changed on ${s.sensitiveChanged}`);
  const kept = s.sealedKept.count
    ? `. ${plural(s.sealedKept.count, 'sealed photo')} keep their status (${s.sealedKept.fileNames.join(', ')}${s.sealedKept.count > s.sealedKept.fileNames.length ? ', …' : ''}): unseal in the photo view`
    : '';
  return `${plural(s.photos, 'photo')}: ${parts.join(', ') || 'nothing would change'}${kept}`;
}

export function BatchReview({ host, photoIds, version, onApplied }: { host: Host; photoIds: number[]; version: number; onApplied(message: string): void }) {
  const [status, setStatus] = useState<ReviewStatus | ''>('');
  const [sensitive, setSensitive] = useState<'' | 'yes' | 'no'>('');
  const [plan, setPlan] = useState<{ key: string; summary: ReviewSummary | null; error: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const change = useMemo(() => ({ photoIds, ...(status ? { status } : {}), ...(sensitive ? { sensitive: sensitive === 'yes' } : {}) }), [photoIds, status, sensitive]);
  const key = `${version}:${JSON.stringify(change)}`;
  const hasChange = status !== '' || sensitive !== '';

  useEffect(() => {
    if (!hasChange || photoIds.length === 0) return;
    let live = true;
    host.api.planReview(change).then(
      (summary) => live && setPlan({ key, summary, error: null }),
      (e: Error) => live && setPlan({ key, summary: null, error: e.message }),
    );
    return () => {
      live = false;
    };
  }, [host, change, key, hasChange, photoIds.length]);

  const current = plan?.key === key ? plan : null;
  const canApply = !busy && hasChange && !!current?.summary && current.summary.statusChanged + current.summary.sensitiveChanged > 0;
  const apply = async () => {
    setBusy(true);
    try {
      const summary = await host.api.setReview(change);
      onApplied(`Applied: ${describeReviewSummary(summary)}`);
      setStatus('');
      setSensitive('');
    } catch (e) {
      setPlan({ key, summary: null, error: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-label="Review">
      <h3>Review</h3>
      <div className="row">
        <label>
          Status{' '}
          <select aria-label="Set review status" value={status} onChange={(e) => setStatus(e.target.value as ReviewStatus | '')}>
            <option value="">(leave as is)</option>
            {Statuses.options.map((s) => (
              <option key={s} value={s}>
                {LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Sensitive{' '}
          <select aria-label="Set sensitive" value={sensitive} onChange={(e) => setSensitive(e.target.value as '' | 'yes' | 'no')}>
            <option value="">(leave as is)</option>
            <option value="yes">Mark sensitive</option>
            <option value="no">Not sensitive</option>
          </select>
        </label>
      </div>
      {hasChange && (
        <p className="batch-summary small" aria-live="polite" data-testid="review-summary">
          {current?.error ?? (current?.summary ? describeReviewSummary(current.summary) : 'Working out what would change…')}
        </p>
      )}
      <div className="row end">
        <button type="button" disabled={!canApply} onClick={() => void apply()} title={`One step: ${MOD_LABEL}+Z undoes it`}>
          {busy ? 'Applying…' : 'Apply review'}
        </button>
      </div>
    </section>
  );
}
