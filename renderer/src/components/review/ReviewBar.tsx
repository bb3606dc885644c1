// The photo view's review controls, above its tabs: the status (new, annotated, reviewed, sealed)
// with who set it and when, Seal / Unseal (unsealing asks for a reason, which the history keeps), and
// the "sensitive" flag. While the photo is sealed the annotate and metadata tabs are read-only.
import { useState } from 'react';
import { ReviewStatus as Statuses, type ReviewStatus } from '../../../../shared/api';
import { localTime } from '../../format';
import type { ReviewState } from './useReview';
import './review.css';

const LABELS: Record<ReviewStatus, string> = { new: 'New', annotated: 'Annotated', reviewed: 'Reviewed', sealed: 'Sealed' };

export function ReviewBar({ review }: { review: ReviewState }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const r = review.data;
  if (!r) return null;
  const sealed = r.status === 'sealed';
  const who = r.automatic ? (r.status === 'annotated' ? 'automatic: the photo has annotations' : null) : [r.by, localTime(r.at)].filter(Boolean).join(', ');
  const unseal = async () => {
    if (!reason.trim()) return;
    if (await review.unseal(reason.trim())) {
      setAsking(false);
      setReason('');
    }
  };
  return (
    <section className={`review-bar${sealed ? ' sealed' : ''}`} aria-label="Review">
      <label>
        Status{' '}
        <select aria-label="Review status" value={r.status} disabled={sealed} onChange={(e) => void review.setStatus(e.target.value as ReviewStatus)}>
          {Statuses.options.map((s) => (
            <option key={s} value={s}>
              {LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      {!sealed && (
        <button type="button" onClick={() => void review.setStatus('sealed')} title="Make this photo's annotations read-only (undoable)">
          Seal
        </button>
      )}
      {sealed && !asking && (
        <button type="button" onClick={() => setAsking(true)}>
          Unseal…
        </button>
      )}
      <label title="Graphic content: shown blurred and greyed until clicked">
        <input type="checkbox" checked={r.sensitive} onChange={(e) => void review.setSensitive(e.target.checked)} /> Sensitive
      </label>
      {who && !sealed && <span className="review-who">{who}</span>}
      {sealed && (
        <p className="review-sealed-note" role="note">
          Sealed{r.by ? ` by ${r.by}` : ''}
          {r.at ? ` on ${localTime(r.at)}` : ''}: the annotations are read-only until the photo is unsealed.
        </p>
      )}
      {!sealed && r.unsealReason && <span className="review-who">Unsealed: {r.unsealReason}</span>}
      {asking && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void unseal();
          }}
        >
          <input
            type="text"
            aria-label="Reason for unsealing"
            placeholder="Reason for unsealing (kept in the history)"
            value={reason}
            maxLength={2000}
            autoFocus
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                e.preventDefault();
                setAsking(false);
              }
            }}
          />
          <button type="submit" className="primary" disabled={!reason.trim()}>
            Unseal
          </button>
          <button type="button" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </form>
      )}
      {review.error && (
        <p className="error small review-error" role="alert">
          {review.error}
        </p>
      )}
    </section>
  );
}
