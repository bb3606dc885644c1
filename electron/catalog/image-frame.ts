// The two frames a region can be written in, and the EXIF Orientation that maps one onto the other.
//
// The archive keeps regions in the DISPLAYED frame (normalized to the upright picture, after EXIF
// Orientation). MWG regions are defined on the STORED image (MWG Guidelines 2.0, 5.9: readers apply
// the Orientation to the regions as they do to the pixels), and so are IPTC Image Regions as ExifTool
// converts them (convert_regions.config moves rectangles between the two without rotating them, and
// scales pixel units by the stored ImageWidth/ImageHeight). Sidecars are written and read in the
// stored frame through these functions.
import type { Geometry } from '../../shared/api';

/** EXIF Orientation 1-8; anything else (missing, 0, garbage) is treated as 1, as viewers do. */
export function orientationOf(o: number | null | undefined): number {
  return o !== null && o !== undefined && Number.isInteger(o) && o >= 1 && o <= 8 ? o : 1;
}

/** Orientations 5-8 turn the picture a quarter: stored width is displayed height. */
export function swapsAxes(o: number | null | undefined): boolean {
  return orientationOf(o) >= 5;
}

/** The stored (as encoded) pixel size from the displayed one. */
export function storedSize(width: number, height: number, o: number | null | undefined): { w: number; h: number } {
  return swapsAxes(o) ? { w: height, h: width } : { w: width, h: height };
}

type Point = readonly [number, number];

/** A normalized point of the stored image, where it appears in the displayed (upright) image. */
export function storedToDisplayed([u, v]: Point, o: number | null | undefined): [number, number] {
  switch (orientationOf(o)) {
    case 2: return [1 - u, v]; // mirrored horizontally
    case 3: return [1 - u, 1 - v]; // rotated 180
    case 4: return [u, 1 - v]; // mirrored vertically
    case 5: return [v, u]; // transposed
    case 6: return [1 - v, u]; // shown turned 90 degrees clockwise
    case 7: return [1 - v, 1 - u]; // transversed
    case 8: return [v, 1 - u]; // shown turned 90 degrees counter-clockwise
    default: return [u, v];
  }
}

/** The inverse of storedToDisplayed. */
export function displayedToStored([x, y]: Point, o: number | null | undefined): [number, number] {
  switch (orientationOf(o)) {
    case 2: return [1 - x, y];
    case 3: return [1 - x, 1 - y];
    case 4: return [x, 1 - y];
    case 5: return [y, x];
    case 6: return [y, 1 - x];
    case 7: return [1 - y, 1 - x];
    case 8: return [1 - y, x];
    default: return [x, y];
  }
}

/**
 * Moves a geometry between frames. A rectangle stays a rectangle (every EXIF orientation maps
 * axis-aligned boxes onto axis-aligned boxes); its corners are recomputed. Orientation 1 returns the
 * geometry unchanged, so upright photos keep their exact numbers.
 */
export function mapGeometry(g: Geometry, o: number | null | undefined, direction: 'toStored' | 'toDisplayed'): Geometry {
  if (orientationOf(o) === 1) return g;
  const f = direction === 'toStored' ? displayedToStored : storedToDisplayed;
  if (g.type === 'polygon') return { type: 'polygon', points: g.points.map((p) => f(p, o).map(tidy) as [number, number]) };
  const [ax, ay] = f([g.x, g.y], o);
  const [bx, by] = f([g.x + g.w, g.y + g.h], o);
  const x = Math.min(ax, bx);
  const y = Math.min(ay, by);
  return { type: 'rect', x: tidy(x), y: tidy(y), w: tidy(Math.max(ax, bx) - x), h: tidy(Math.max(ay, by) - y) };
}

/** Rounds away binary noise (1 - 0.7 = 0.30000000000000004) without touching real precision. */
function tidy(v: number): number {
  return Number(v.toFixed(12));
}
