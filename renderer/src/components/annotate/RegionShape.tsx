// One region as SVG in the overlay's 0..1 coordinate system: a dark halo under a coloured outline
// so it reads on light and dark photos alike; strokes keep their screen width at any zoom.
import type { SVGProps } from 'react';
import type { Geometry } from '../../../../shared/api';
import { svgPoints } from './geometry';

interface Props {
  id: number | null;
  geometry: Geometry;
  colour: string;
  selected: boolean;
}

export function RegionShape({ id, geometry: g, colour, selected }: Props) {
  const shape = (className: string, extra: SVGProps<SVGRectElement & SVGPolygonElement>) =>
    g.type === 'rect' ? (
      <rect className={className} x={g.x} y={g.y} width={g.w} height={g.h} vectorEffect="non-scaling-stroke" {...extra} />
    ) : (
      <polygon className={className} points={svgPoints(g.points)} vectorEffect="non-scaling-stroke" {...extra} />
    );
  return (
    <g className={`annot-region${selected ? ' selected' : ''}`} data-region-id={id ?? undefined} data-shape={g.type}>
      {shape('annot-halo', {})}
      {shape('annot-outline', { stroke: colour, fill: colour })}
    </g>
  );
}
