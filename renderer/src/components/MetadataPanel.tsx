// Everything known about one photo, with where each value came from.
import type { ReactNode } from 'react';
import type { PhotoDetail } from '../../../shared/api';
import { displayBytes, displayCoordinate, displayTime } from '../format';

function Row({ label, children }: { label: string; children: ReactNode }) {
  if (children === null || children === undefined || children === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

export function MetadataPanel({ photo: p }: { photo: PhotoDetail }) {
  const camera = [p.make, p.model].filter(Boolean).join(' ');
  const f = p.fromFile;
  const hasDescriptive = f.title || f.caption || f.creator || f.credit || f.copyright || f.keywords.length > 0;
  return (
    <div className="metadata-panel">
      <h2>Capture</h2>
      <dl>
        {p.capture && p.clock ? (
          <>
            <Row label="Taken">
              <span data-field="correctedAt" title={`Camera clock corrected; the camera said ${displayTime(p.capture.raw)}`}>
                {p.clock.local.replace('T', ' ')}
              </span>
              {p.capture.offset && <span className="muted"> (UTC{p.capture.offset})</span>}
              <span className="muted small capture-camera" data-field="clockCorrection">
                {`Clock corrected ${p.clock.offsetText}${p.clock.setBy ? ` by ${p.clock.setBy}` : ''}${p.clock.setAt ? ` on ${p.clock.setAt.slice(0, 10)}` : ''}`}
              </span>
            </Row>
            <Row label="Camera said">
              <span data-field="takenAt">{displayTime(p.capture.raw)}</span>
              {p.capture.subSec && <span className="muted">.{p.capture.subSec}</span>}
            </Row>
            <Row label="From">{p.capture.source}</Row>
            <Row label="UTC">{p.clock.utc ? `${p.clock.utc} (corrected; camera: ${p.capture.utc})` : 'unknown: the file does not state its time zone'}</Row>
          </>
        ) : p.capture ? (
          <>
            <Row label="Taken">
              <span data-field="takenAt">{displayTime(p.capture.raw)}</span>
              {p.capture.subSec && <span className="muted">.{p.capture.subSec}</span>}
              {p.capture.offset && <span className="muted"> (UTC{p.capture.offset})</span>}
            </Row>
            <Row label="From">{p.capture.source}</Row>
            <Row label="UTC">{p.capture.utc ?? 'unknown: the file does not state its time zone'}</Row>
          </>
        ) : (
          <Row label="Taken">
            <span className="muted">No capture metadata in this file (often stripped by social media or messaging apps).</span>
          </Row>
        )}
        <Row label="Camera">{camera && <span data-field="camera">{camera}</span>}</Row>
        <Row label="Lens">{p.lens}</Row>
        <Row label="Body serial">{p.bodySerial}</Row>
        <Row label="Lens serial">{p.lensSerial}</Row>
        <Row label="Software">{p.software}</Row>
        <Row label="Image ID">{p.imageUniqueId}</Row>
      </dl>
      <h2>Location</h2>
      <dl>
        {p.gps ? (
          <>
            <Row label="Latitude">{displayCoordinate(p.gps.lat, 'N', 'S')}</Row>
            <Row label="Longitude">{displayCoordinate(p.gps.lon, 'E', 'W')}</Row>
            <Row label="Altitude">{p.gps.alt !== null ? `${p.gps.alt.toFixed(1)} m` : null}</Row>
            <Row label="GPS time">{p.gps.time}</Row>
            <Row label="Direction">{p.gps.direction !== null ? `${p.gps.direction}°` : null}</Row>
          </>
        ) : (
          <Row label="GPS">
            <span className="muted">none in file</span>
          </Row>
        )}
      </dl>
      {hasDescriptive && (
        <>
          <h2>Description (from file)</h2>
          <dl>
            <Row label="Title">{f.title}</Row>
            <Row label="Caption">{f.caption}</Row>
            <Row label="Creator">{f.creator}</Row>
            <Row label="Credit">{f.credit}</Row>
            <Row label="Copyright">{f.copyright}</Row>
            <Row label="Keywords">{f.keywords.join(', ')}</Row>
          </dl>
        </>
      )}
      <h2>File</h2>
      <dl>
        <Row label="Pixels">{p.width && p.height ? `${p.width} × ${p.height}` : 'unknown'}</Row>
        <Row label="Orientation">{p.orientation !== null ? `EXIF ${p.orientation}` : null}</Row>
        <Row label="Format">{p.format}</Row>
        <Row label="Size">{displayBytes(p.size)}</Row>
        <Row label="SHA-256">
          <code className="hash">{p.sha256}</code>
        </Row>
        <Row label="Original">{p.sourcePath}</Row>
        <Row label="Archive copy">{p.storedPath}</Row>
        <Row label="Imported">{p.importedAt}</Row>
      </dl>
    </div>
  );
}
