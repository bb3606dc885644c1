// Region outlines drawn over grid thumbnails ("Show regions"): fetched only for the photos the
// virtualizer has rendered, and again when annotations change.
import { useEffect, useState } from 'react';
import type { ApiOutput, Geometry } from '../../../../shared/api';
import type { Host } from '../../host';

type Outline = ApiOutput<'listRegionOutlines'>[number];

/** Outlines per photo id for the given photos; photos without regions map to nothing. */
export function useRegionOutlines(host: Host, photoIds: number[], enabled: boolean, version: number): ReadonlyMap<number, Outline[]> {
  const [cache, setCache] = useState<{ version: number; fetched: ReadonlySet<number>; outlines: ReadonlyMap<number, Outline[]> }>({
    version,
    fetched: new Set(),
    outlines: new Map(),
  });
  const key = photoIds.join(',');
  useEffect(() => {
    if (!enabled) return;
    const stale = cache.version !== version;
    const missing = key
      .split(',')
      .filter(Boolean)
      .map(Number)
      .filter((id) => stale || !cache.fetched.has(id));
    if (missing.length === 0) return;
    let live = true;
    host.api.listRegionOutlines({ photoIds: missing }).then(
      (list) => {
        if (!live) return;
        setCache((c) => {
          const base = c.version === version ? c : { version, fetched: new Set<number>(), outlines: new Map<number, Outline[]>() };
          const fetched = new Set(base.fetched);
          const outlines = new Map(base.outlines);
          for (const id of missing) {
            fetched.add(id);
            outlines.delete(id);
          }
          for (const o of list) outlines.set(o.photoId, [...(outlines.get(o.photoId) ?? []), o]);
          return { version, fetched, outlines };
        });
      },
      () => undefined, // Outlines are a visual aid; the grid works without them.
    );
    return () => {
      live = false;
    };
  }, [host, key, enabled, version, cache]);
  return cache.version === version ? cache.outlines : new Map();
}

function Shape({ geometry, colour }: { geometry: Geometry; colour: string }) {
  const common = { fill: 'none', stroke: colour, strokeWidth: 2, vectorEffect: 'non-scaling-stroke' as const };
  if (geometry.type === 'rect') return <rect x={geometry.x} y={geometry.y} width={geometry.w} height={geometry.h} {...common} />;
  return <polygon points={geometry.points.map(([x, y]) => `${x},${y}`).join(' ')} {...common} />;
}

/** An SVG over the displayed image box; coordinates are normalized 0..1, so the viewBox is the unit square. */
export function RegionOverlay({ outlines }: { outlines: Outline[] }) {
  return (
    <svg className="region-overlay" viewBox="0 0 1 1" preserveAspectRatio="none" aria-label={`${outlines.length} region${outlines.length === 1 ? '' : 's'}`} role="img">
      {outlines.map((o, i) => (
        <Shape key={i} geometry={o.geometry} colour={o.colour ?? '#e0a030'} />
      ))}
    </svg>
  );
}
