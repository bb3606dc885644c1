// Web Mercator, by hand, as street tiles are drawn (so a user's PMTiles/MBTiles map lines up with
// the markers and the bundled basemap): one map unit is one degree of longitude, x = longitude and
// y = minus the Mercator ordinate in the same units (SVG's y grows downwards), so the world is a
// 360 x 360 square between latitudes ±85.0511. The view maps map units to screen pixels:
// screen = unit * k + t.
export interface View {
  /** Pixels per degree. */
  k: number;
  tx: number;
  ty: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Bounds {
  south: number;
  west: number;
  north: number;
  east: number;
}

/** The latitude where the Web Mercator square ends. */
export const MAX_LAT = 85.0511287798;
const RAD = Math.PI / 180;

export const mapY = (lat: number) => {
  const φ = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * RAD;
  return -Math.log(Math.tan(Math.PI / 4 + φ / 2)) / RAD;
};

/** The latitude at map ordinate y (the inverse of mapY). */
export const latOf = (y: number) => (2 * Math.atan(Math.exp(-y * RAD)) - Math.PI / 2) / RAD;

/** MapLibre's tiles are 512 px: at zoom z the world is 512 * 2^z pixels wide, i.e. k = 512 * 2^z / 360. */
export const zoomOfK = (k: number) => Math.log2((k * 360) / 512);

export const MAX_K = (512 * 2 ** 19) / 360; // MapLibre zoom 19, about 0.3 m per pixel at the equator
const WORLD: Bounds = { south: -60, west: -180, north: 85, east: 180 };

export function toScreen(view: View, lon: number, lat: number): [number, number] {
  return [lon * view.k + view.tx, mapY(lat) * view.k + view.ty];
}

export function toLonLat(view: View, x: number, y: number): [number, number] {
  return [(x - view.tx) / view.k, latOf((y - view.ty) / view.k)];
}

/** The smallest zoom: the whole world's width fills the map. */
export function minK(size: Size): number {
  return Math.max(size.width, size.height) / 360 / 2;
}

export function clampView(view: View, size: Size): View {
  const k = Math.min(MAX_K, Math.max(minK(size), view.k));
  // Keep some of the world on screen: the centre may not leave [-180,180] x [-MAX_LAT,MAX_LAT].
  const [cx, cy] = toLonLat({ ...view, k }, size.width / 2, size.height / 2);
  const lon = Math.min(180, Math.max(-180, cx));
  const lat = Math.min(MAX_LAT, Math.max(-MAX_LAT, cy));
  return { k, tx: size.width / 2 - lon * k, ty: size.height / 2 - mapY(lat) * k };
}

/** Zooms by a factor keeping the map point under (x, y) where it is. */
export function zoomAt(view: View, size: Size, factor: number, x: number, y: number): View {
  const k = Math.min(MAX_K, Math.max(minK(size), view.k * factor));
  const f = k / view.k;
  return clampView({ k, tx: x - (x - view.tx) * f, ty: y - (y - view.ty) * f }, size);
}

/** The view that shows the bounds (with a margin), at no more than maxK. */
export function fitBounds(b: Bounds, size: Size, maxK = 2_000): View {
  const margin = 40;
  const w = Math.max(b.east - b.west, 0.01);
  const h = Math.max(mapY(b.south) - mapY(b.north), 0.01);
  const k = Math.min(maxK, (size.width - 2 * margin) / w, (size.height - 2 * margin) / h);
  const cx = (b.west + b.east) / 2;
  const cy = (mapY(b.south) + mapY(b.north)) / 2;
  return clampView({ k, tx: size.width / 2 - cx * k, ty: size.height / 2 - cy * k }, size);
}

export function worldView(size: Size): View {
  return fitBounds(WORLD, size);
}

/** The bounds of a screen rectangle, in degrees, clamped to the globe. */
export function screenBox(view: View, x0: number, y0: number, x1: number, y1: number): Bounds {
  const [w, n] = toLonLat(view, Math.min(x0, x1), Math.min(y0, y1));
  const [e, s] = toLonLat(view, Math.max(x0, x1), Math.max(y0, y1));
  const clampLat = (v: number) => Math.min(90, Math.max(-90, v));
  const clampLon = (v: number) => Math.min(180, Math.max(-180, v));
  return { south: clampLat(s), west: clampLon(w), north: clampLat(n), east: clampLon(e) };
}

/** The bounds around points (null when there are none). */
export function boundsOf(points: ReadonlyArray<{ lat: number; lon: number }>): Bounds | null {
  if (points.length === 0) return null;
  let south = 90;
  let north = -90;
  let west = 180;
  let east = -180;
  for (const p of points) {
    south = Math.min(south, p.lat);
    north = Math.max(north, p.lat);
    west = Math.min(west, p.lon);
    east = Math.max(east, p.lon);
  }
  return { south, west, north, east };
}

export function inBounds(b: Bounds, lat: number, lon: number): boolean {
  return lat >= b.south && lat <= b.north && lon >= b.west && lon <= b.east;
}
