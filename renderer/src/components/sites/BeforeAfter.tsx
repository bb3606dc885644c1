// Two photos of one site compared: side by side, or one over the other with a divider dragged (or
// moved with the arrow keys) across. Each picture is drawn in an SVG whose viewBox is the photo's
// displayed size, so its regions (normalized 0..1 to the upright picture) sit exactly on it however
// the frame letterboxes it.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiOutput, Geometry, PhotoSummary } from '../../../../shared/api';
import type { Host } from '../../host';

type Outline = ApiOutput<'listRegionOutlines'>[number];

interface Props {
  host: Host;
  /** The site's photos in capture-time order. */
  photos: PhotoSummary[];
  /** Regions linked to the site: drawn stronger than the photo's other regions. */
  siteRegionIds: ReadonlySet<number>;
  version: number;
}

export function BeforeAfter({ host, photos, siteRegionIds, version }: Props) {
  const [beforePick, setBeforeId] = useState<number | null>(photos[0]?.id ?? null);
  const [afterPick, setAfterId] = useState<number | null>(photos.at(-1)?.id ?? null);
  const [mode, setMode] = useState<'side' | 'slider'>('slider');
  const [split, setSplit] = useState(50);
  const [outlines, setOutlines] = useState<Map<number, Array<Outline & { id?: number }>>>(new Map());
  const [regionIds, setRegionIds] = useState<Map<number, number[]>>(new Map());

  // Photos leaving the site (unlinked, withdrawn) fall back to the first and last.
  const beforeId = photos.some((p) => p.id === beforePick) ? beforePick : (photos[0]?.id ?? null);
  const afterId = photos.some((p) => p.id === afterPick) ? afterPick : (photos.at(-1)?.id ?? null);

  useEffect(() => {
    const ids = [beforeId, afterId].filter((x): x is number => x !== null);
    if (ids.length === 0) return;
    let live = true;
    Promise.all([host.api.listRegionOutlines({ photoIds: ids }), ...ids.map((id) => host.api.getAnnotations({ photoId: id }))]).then(
      ([list, ...annotations]) => {
        if (!live) return;
        const m = new Map<number, Outline[]>();
        for (const o of list) m.set(o.photoId, [...(m.get(o.photoId) ?? []), o]);
        setOutlines(m);
        // Outlines come in the photo's region order: pair them with region ids to mark the site's own.
        setRegionIds(new Map(annotations.map((a) => [a.photoId, a.regions.map((r) => r.id)])));
      },
      () => undefined, // the pictures still compare without outlines
    );
    return () => {
      live = false;
    };
  }, [host, beforeId, afterId, version]);

  const before = photos.find((p) => p.id === beforeId) ?? null;
  const after = photos.find((p) => p.id === afterId) ?? null;
  if (photos.length < 2) return <p className="muted">Link at least two photos to this site to compare them.</p>;

  const layer = (p: PhotoSummary | null, which: 'before' | 'after') =>
    p && <PhotoLayer host={host} photo={p} outlines={outlines.get(p.id) ?? []} regionIds={regionIds.get(p.id) ?? []} siteRegionIds={siteRegionIds} label={which} />;

  return (
    <section className="before-after" aria-label="Before and after">
      <div className="before-after-controls">
        <PhotoPicker label="Before" photos={photos} value={beforeId} onChange={setBeforeId} />
        <PhotoPicker label="After" photos={photos} value={afterId} onChange={setAfterId} />
        <div className="segmented" role="group" aria-label="Comparison">
          <button type="button" aria-pressed={mode === 'slider'} onClick={() => setMode('slider')}>
            Slider
          </button>
          <button type="button" aria-pressed={mode === 'side'} onClick={() => setMode('side')}>
            Side by side
          </button>
        </div>
      </div>
      {mode === 'side' ? (
        <div className="before-after-side">
          <figure>
            {layer(before, 'before')}
            <figcaption>{caption('Before', before)}</figcaption>
          </figure>
          <figure>
            {layer(after, 'after')}
            <figcaption>{caption('After', after)}</figcaption>
          </figure>
        </div>
      ) : (
        <SliderFrame split={split} onSplit={setSplit} beforeLabel={caption('Before', before)} afterLabel={caption('After', after)}>
          {layer(before, 'before')}
          {layer(after, 'after')}
        </SliderFrame>
      )}
    </section>
  );
}

function caption(which: string, p: PhotoSummary | null): string {
  return p ? `${which}: ${p.fileName}${p.takenAt ? `, ${p.takenAt}` : ', capture time unknown'}` : which;
}

function PhotoPicker({ label, photos, value, onChange }: { label: string; photos: PhotoSummary[]; value: number | null; onChange(id: number): void }) {
  return (
    <label className="field inline">
      <span>{label}</span>
      <select value={value ?? ''} onChange={(e) => onChange(Number(e.target.value))} aria-label={`${label} photo`}>
        {photos.map((p) => (
          <option key={p.id} value={p.id}>
            {`${p.takenAt ?? 'undated'} · ${p.fileName}`}
          </option>
        ))}
      </select>
    </label>
  );
}

function PhotoLayer({
  host,
  photo,
  outlines,
  regionIds,
  siteRegionIds,
  label,
}: {
  host: Host;
  photo: PhotoSummary;
  outlines: Outline[];
  regionIds: number[];
  siteRegionIds: ReadonlySet<number>;
  label: string;
}) {
  const w = photo.width ?? 1000;
  const h = photo.height ?? 750;
  const shape = (g: Geometry, colour: string, strong: boolean, key: number) => {
    const common = { fill: 'none', stroke: colour, strokeWidth: strong ? 4 : 2, strokeDasharray: strong ? undefined : '6 4', vectorEffect: 'non-scaling-stroke' as const };
    return g.type === 'rect' ? (
      <rect key={key} x={g.x * w} y={g.y * h} width={g.w * w} height={g.h * h} {...common} />
    ) : (
      <polygon key={key} points={g.points.map(([x, y]) => `${x * w},${y * h}`).join(' ')} {...common} />
    );
  };
  return (
    <svg className={`ba-layer ba-${label}`} viewBox={`0 0 ${w} ${h}`} preserveAspectRatio="xMidYMid meet" role="img" aria-label={`${label}: ${photo.fileName}, ${outlines.length} regions`}>
      <image href={host.mediaUrl(photo.id, 'preview')} x={0} y={0} width={w} height={h} preserveAspectRatio="none" />
      {outlines.map((o, i) => shape(o.geometry, o.colour ?? '#e0a030', siteRegionIds.has(regionIds[i] ?? -1), i))}
    </svg>
  );
}

/** The "after" layer is clipped to the right of the divider; drag anywhere, or focus the divider and use the arrow keys. */
function SliderFrame({ split, onSplit, beforeLabel, afterLabel, children }: { split: number; onSplit(v: number): void; beforeLabel: string; afterLabel: string; children: React.ReactNode[] }) {
  const frame = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);
  const at = useCallback(
    (clientX: number) => {
      const r = frame.current?.getBoundingClientRect();
      if (r && r.width > 0) onSplit(Math.round(Math.min(100, Math.max(0, ((clientX - r.left) / r.width) * 100)) * 10) / 10);
    },
    [onSplit],
  );
  const key = (e: React.KeyboardEvent) => {
    const step = e.shiftKey ? 10 : 2;
    const next = e.key === 'ArrowLeft' || e.key === 'ArrowDown' ? split - step : e.key === 'ArrowRight' || e.key === 'ArrowUp' ? split + step : e.key === 'Home' ? 0 : e.key === 'End' ? 100 : null;
    if (next === null) return;
    e.preventDefault();
    e.stopPropagation();
    onSplit(Math.min(100, Math.max(0, next)));
  };
  return (
    <div
      ref={frame}
      className="ba-frame"
      onPointerDown={(e) => {
        dragging.current = true;
        e.currentTarget.setPointerCapture(e.pointerId);
        at(e.clientX);
      }}
      onPointerMove={(e) => dragging.current && at(e.clientX)}
      onPointerUp={() => (dragging.current = false)}
      onPointerCancel={() => (dragging.current = false)}
    >
      <div className="ba-under">{children[0]}</div>
      <div className="ba-over" style={{ clipPath: `inset(0 0 0 ${split}%)` }}>
        {children[1]}
      </div>
      <div
        className="ba-divider"
        style={{ left: `${split}%` }}
        role="slider"
        tabIndex={0}
        aria-label="Divider between before and after"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={split}
        aria-valuetext={`${Math.round(split)}% before`}
        onKeyDown={key}
      >
        <span className="ba-grip" aria-hidden="true">
          ⟷
        </span>
      </div>
      <span className="ba-tag ba-tag-before">{beforeLabel}</span>
      <span className="ba-tag ba-tag-after">{afterLabel}</span>
    </div>
  );
}
