// One photo large, with everything the archive knows about it; arrows move, Esc returns to the grid.
import { useEffect, useState } from 'react';
import type { PhotoDetail, PhotoSummary } from '../../../shared/api';
import type { Host } from '../host';
import { MetadataPanel } from './MetadataPanel';

interface Props {
  host: Host;
  photos: PhotoSummary[];
  index: number;
  onIndex(i: number): void;
  onClose(): void;
}

export function PhotoView({ host, photos, index, onIndex, onClose }: Props) {
  const summary = photos[index]!;
  const [loaded, setLoaded] = useState<{ detail: PhotoDetail | null; error: string | null; id: number } | null>(null);
  const [brokenPreview, setBrokenPreview] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    host.api
      .getPhoto({ id: summary.id })
      .then((d) => live && setLoaded({ detail: d, error: null, id: summary.id }))
      .catch((e: Error) => live && setLoaded({ detail: null, error: e.message, id: summary.id }));
    // Warm the neighbours' previews so stepping through is instant.
    for (const n of [photos[index + 1], photos[index - 1]]) {
      if (n?.hasThumb) new Image().src = host.mediaUrl(n.id, 'preview');
    }
    return () => {
      live = false;
    };
  }, [host, summary.id, photos, index]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
      else if (e.key === 'ArrowRight' && index < photos.length - 1) onIndex(index + 1);
      else if (e.key === 'ArrowLeft' && index > 0) onIndex(index - 1);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [index, photos.length, onIndex, onClose]);

  const current = loaded?.id === summary.id ? loaded : null;
  return (
    <div className="viewer" role="dialog" aria-label={`Photo ${summary.fileName}`}>
      <div className="viewer-bar">
        <button type="button" onClick={onClose} title="Back to the grid (Esc)">
          ← Grid
        </button>
        <span className="viewer-title">{summary.fileName}</span>
        <span className="viewer-count">
          {index + 1} / {photos.length}
        </span>
        <button type="button" disabled={index === 0} onClick={() => onIndex(index - 1)} title="Previous (←)">
          ‹
        </button>
        <button type="button" disabled={index === photos.length - 1} onClick={() => onIndex(index + 1)} title="Next (→)">
          ›
        </button>
      </div>
      <div className="viewer-body">
        <div className="viewer-image">
          {summary.hasThumb && brokenPreview === summary.id ? (
            <div className="no-preview large">
              The preview could not be made: the original is not reachable or has changed since import. Check its drive, or run verify.
            </div>
          ) : summary.hasThumb ? (
            <img key={summary.id} src={host.mediaUrl(summary.id, 'preview')} alt={summary.fileName} onError={() => setBrokenPreview(summary.id)} />
          ) : (
            <div className="no-preview large">No preview: this file's format cannot be shown and it carries no embedded preview.</div>
          )}
        </div>
        <aside className="metadata" aria-label="Metadata">
          {current?.error && <p className="error">{current.error}</p>}
          {current?.detail && <MetadataPanel photo={current.detail} />}
        </aside>
      </div>
    </div>
  );
}
