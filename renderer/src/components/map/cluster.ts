// Many photos taken at one spot, or tens of thousands over a country, would be unreadable (and
// slow) as one dot each: points that fall in the same cell of a pixel grid at the current zoom are
// drawn as one marker with a count. The grid is anchored to the map, not the screen, so panning
// moves the markers without regrouping them (clusters depend on the zoom alone), and only the
// markers on screen are drawn.
import { mapY, type Size, type View } from './projection';

export interface MapPoint {
  id: number;
  lat: number;
  lon: number;
}

export interface Marker {
  /** Position in map pixels at the zoom it was made for: screen = x + view.tx, y + view.ty. */
  x: number;
  y: number;
  /** The photos under the marker (a single photo: that photo). */
  ids: number[];
  /** Bounds of its points, for zooming in on a cluster. */
  south: number;
  west: number;
  north: number;
  east: number;
}

/** Grid cell in pixels: wider than the largest cluster marker (MapView's markerRadius), so markers rarely overlap. */
export const CELL = 36;

/** The markers of all points at zoom k (pixels per degree). */
export function clusterPoints(points: readonly MapPoint[], k: number): Marker[] {
  const cells = new Map<string, { sx: number; sy: number; marker: Marker }>();
  for (const p of points) {
    const x = p.lon * k;
    const y = mapY(p.lat) * k;
    const key = `${Math.floor(x / CELL)},${Math.floor(y / CELL)}`;
    const c = cells.get(key);
    if (!c) {
      cells.set(key, { sx: x, sy: y, marker: { x, y, ids: [p.id], south: p.lat, north: p.lat, west: p.lon, east: p.lon } });
      continue;
    }
    c.sx += x;
    c.sy += y;
    const m = c.marker;
    m.ids.push(p.id);
    m.south = Math.min(m.south, p.lat);
    m.north = Math.max(m.north, p.lat);
    m.west = Math.min(m.west, p.lon);
    m.east = Math.max(m.east, p.lon);
  }
  return [...cells.values()].map(({ sx, sy, marker }) => ({ ...marker, x: sx / marker.ids.length, y: sy / marker.ids.length }));
}

/** The markers that fall on screen in this view (made for view.k), with their screen positions. */
export function visibleMarkers(markers: readonly Marker[], view: View, size: Size): Array<Marker & { sx: number; sy: number }> {
  const out: Array<Marker & { sx: number; sy: number }> = [];
  for (const m of markers) {
    const sx = m.x + view.tx;
    const sy = m.y + view.ty;
    if (sx < -CELL || sy < -CELL || sx > size.width + CELL || sy > size.height + CELL) continue;
    out.push({ ...m, sx, sy });
  }
  return out;
}
