// The photo view's Investigate tab: near-duplicates of this photo (how far apart, which copy is
// probably the best evidence, the user's "same image" / "not the same" decisions) and time and
// place checks (the capture instant in UTC and how it was derived, the sun's position then).
import type { SimilarGroup, SimilarVerdict, TimePlace } from '../../../../shared/api';
import type { Host } from '../../host';
import { useInvestigation } from './useInvestigation';
import './investigate.css';

interface Props {
  host: Host;
  photoId: number;
  version: number;
  /** Opens another photo in the viewer; null when it is not among the photos the viewer steps through. */
  openable(id: number): boolean;
  onOpen(id: number): void;
}

const HINTS: Record<SimilarGroup['items'][number]['best'][number], string> = {
  earliest: 'earliest capture',
  largest: 'largest',
  camera: 'has camera metadata',
  'first-imported': 'first imported',
};

export function InvestigatePanel({ host, photoId, version, openable, onOpen }: Props) {
  const state = useInvestigation(host, photoId, version);
  if (!state) return null;
  if (state.error) return <p className="error">{`Could not run the checks: ${state.error}`}</p>;
  return (
    <div className="investigate">
      {state.similar && <SimilarSection host={host} photoId={photoId} group={state.similar} openable={openable} onOpen={onOpen} />}
      {state.timePlace && <TimePlaceSection tp={state.timePlace} />}
    </div>
  );
}

function SimilarSection({ host, photoId, group, openable, onOpen }: { host: Host; photoId: number; group: SimilarGroup; openable: Props['openable']; onOpen: Props['onOpen'] }) {
  const others = group.items.filter((i) => !i.self);
  const self = group.items.find((i) => i.self);
  const decide = (other: number, current: SimilarVerdict | null, verdict: SimilarVerdict) =>
    void host.api.decideSimilar({ a: photoId, b: other, verdict: current === verdict ? null : verdict });
  return (
    <section aria-labelledby="similar-heading">
      <h3 id="similar-heading">Near-duplicates</h3>
      {!group.hashed ? (
        <p className="muted" role="status">
          Looking for near-duplicates… {group.pending > 0 ? `${group.pending} photos of the archive still to compare.` : ''}
        </p>
      ) : others.length === 0 ? (
        <p className="muted">No other photo in the archive is a copy of this picture (recompressed, resized, cropped or stripped).</p>
      ) : (
        <>
          {self && self.best.length > 0 && <p className="similar-self">This copy: {self.best.map((h) => HINTS[h]).join(', ')}.</p>}
          <ul className="similar-list" aria-label="Near-duplicates">
            {others.map((o) => (
              <li key={o.id} className="similar-item">
                {o.hasThumb ? <img src={host.mediaUrl(o.id, 'thumb')} alt="" loading="lazy" /> : <div className="no-preview small">No preview</div>}
                <div className="similar-text">
                  <span className="similar-name" title={o.fileName}>
                    {o.fileName}
                  </span>
                  <span className="muted">
                    {o.distance === null ? 'marked the same image' : o.distance === 0 ? 'identical picture' : `${o.distance} of 64 bits apart`}
                    {o.width && o.height ? ` · ${o.width}×${o.height}` : ''}
                    {o.hasCamera ? '' : ' · no camera metadata'}
                  </span>
                  {o.best.length > 0 && <span className="similar-hints">{o.best.map((h) => HINTS[h]).join(', ')}</span>}
                  <span className="similar-actions">
                    <button type="button" aria-pressed={o.decision === 'same'} onClick={() => decide(o.id, o.decision, 'same')} title="Record that this is the same image">
                      Same image
                    </button>
                    <button type="button" aria-pressed={o.decision === 'different'} onClick={() => decide(o.id, o.decision, 'different')} title="Record that this is a different image">
                      Not the same
                    </button>
                    <button type="button" disabled={!openable(o.id)} onClick={() => onOpen(o.id)} title={openable(o.id) ? 'Open this photo' : 'Not among the photos the grid shows: clear the filters to open it'}>
                      Open
                    </button>
                  </span>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

const DERIVED: Record<NonNullable<TimePlace['utc']>['derivedFrom'], string> = {
  'file-offset': "the file's own time-zone offset",
  'position-time-zone': "the local time read in the time zone of the photo's position",
};

function TimePlaceSection({ tp }: { tp: TimePlace }) {
  const where = tp.position ? `${tp.position.lat.toFixed(5)}, ${tp.position.lon.toFixed(5)} (${tp.position.source === 'user' ? 'entered by a user' : "the file's GPS"})` : null;
  return (
    <section aria-labelledby="timeplace-heading">
      <h3 id="timeplace-heading">Time and place</h3>
      <dl className="timeplace">
        <dt>Position</dt>
        <dd>{where ?? 'None: enter a latitude and longitude to check the time zone and the sun.'}</dd>
        {tp.zone && (
          <>
            <dt>Time zone there</dt>
            <dd>{tp.zone}</dd>
          </>
        )}
        <dt>Captured (UTC)</dt>
        <dd>
          {tp.utc ? (
            <>
              <time dateTime={tp.utc.instant}>{tp.utc.instant.replace('T', ' ').replace(/\.000Z$/, 'Z')}</time>
              <span className="muted">{` from ${DERIVED[tp.utc.derivedFrom]}${tp.utc.offset ? ` (${tp.utc.offset})` : ''}`}</span>
              {tp.utc.clockOffsetSeconds ? <span className="muted">{' · camera clock corrected'}</span> : null}
            </>
          ) : (
            'Unknown: the file states no offset and the photo has no position.'
          )}
        </dd>
        {tp.sun && (
          <>
            <dt>Sun then</dt>
            <dd>
              {`azimuth ${tp.sun.azimuth.toFixed(1)}° (clockwise from true north), elevation ${tp.sun.elevation.toFixed(1)}°`}
              {tp.sun.elevation < 0 && <span className="muted"> · below the horizon</span>}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
