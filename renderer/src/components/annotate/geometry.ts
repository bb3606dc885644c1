// Region geometry in normalized image coordinates (0..1 of the displayed, upright image): drawing,
// moving, resizing, always kept inside the image.
import type { Geometry } from '../../../../shared/api';

export type Point = [number, number];

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
/** Six decimals: finer than any pixel of a 2048 px preview, and stable when stored as JSON. */
const round = (v: number) => Math.round(v * 1e6) / 1e6;

export function clampPoint([x, y]: Point): Point {
  return [round(clamp01(x)), round(clamp01(y))];
}

export function rectFromCorners(a: Point, b: Point): Geometry {
  const [x0, y0] = clampPoint([Math.min(a[0], b[0]), Math.min(a[1], b[1])]);
  const [x1, y1] = clampPoint([Math.max(a[0], b[0]), Math.max(a[1], b[1])]);
  return { type: 'rect', x: x0, y: y0, w: round(x1 - x0), h: round(y1 - y0) };
}

/** Corners of a rectangle (top-left, top-right, bottom-right, bottom-left) or a polygon's vertices. */
export function vertices(g: Geometry): Point[] {
  if (g.type === 'polygon') return g.points;
  return [
    [g.x, g.y],
    [g.x + g.w, g.y],
    [g.x + g.w, g.y + g.h],
    [g.x, g.y + g.h],
  ];
}

export function bounds(g: Geometry): { x0: number; y0: number; x1: number; y1: number } {
  const pts = vertices(g);
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

/** Moves a region by (dx, dy), stopping at the image's edges so its shape never changes. */
export function translate(g: Geometry, dx: number, dy: number): Geometry {
  const b = bounds(g);
  const mx = Math.min(Math.max(dx, -b.x0), 1 - b.x1);
  const my = Math.min(Math.max(dy, -b.y0), 1 - b.y1);
  if (g.type === 'rect') {
    const [x, y] = clampPoint([g.x + mx, g.y + my]);
    return { ...g, x: Math.min(x, round(1 - g.w)), y: Math.min(y, round(1 - g.h)) };
  }
  return { type: 'polygon', points: g.points.map(([x, y]) => clampPoint([x + mx, y + my])) };
}

/** Drags one corner of a rectangle (index as in vertices()); the opposite corner stays put. */
export function moveCorner(g: Extract<Geometry, { type: 'rect' }>, corner: number, p: Point): Geometry {
  const opposite = vertices(g)[(corner + 2) % 4]!;
  return rectFromCorners(opposite, p);
}

export function moveVertex(g: Extract<Geometry, { type: 'polygon' }>, index: number, p: Point): Geometry {
  return { type: 'polygon', points: g.points.map((q, i) => (i === index ? clampPoint(p) : q)) };
}

export function sameGeometry(a: Geometry, b: Geometry): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function svgPoints(points: Point[]): string {
  return points.map(([x, y]) => `${x},${y}`).join(' ');
}
