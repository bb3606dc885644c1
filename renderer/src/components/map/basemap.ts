// The bundled basemap: Natural Earth land and country borders at 1:50m (the world-atlas package's
// TopoJSON), turned into SVG path data once, in map units (see projection.ts). No tiles and no
// network: the data is part of the app's JavaScript, loaded as its own chunk the first time the
// map opens.
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Position } from 'geojson';
import { mapY } from './projection';

export interface Basemap {
  /** Filled land, path data in map units. */
  land: string;
  /** Borders between countries (coastlines are the land's edge), path data in map units. */
  borders: string;
}

const f = (v: number) => (Math.round(v * 100) / 100).toString();

function ringPath(ring: Position[], close: boolean): string {
  let d = '';
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i]!;
    d += `${i === 0 ? 'M' : 'L'}${f(p[0]!)} ${f(mapY(p[1]!))}`;
  }
  return close ? `${d}Z` : d;
}

let loading: Promise<Basemap> | null = null;

export function loadBasemap(): Promise<Basemap> {
  loading ??= import('world-atlas/countries-50m.json').then((mod) => {
    const topo = mod.default as unknown as Topology<{ land: GeometryCollection; countries: GeometryCollection }>;
    const land = feature(topo, topo.objects.land);
    let landPath = '';
    for (const f of land.features) {
      const g = f.geometry;
      const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
      for (const polygon of polygons) for (const ring of polygon) landPath += ringPath(ring, true);
    }
    const borders = mesh(topo, topo.objects.countries, (a, b) => a !== b);
    const borderPath = borders.coordinates.map((line) => ringPath(line, false)).join('');
    return { land: landPath, borders: borderPath };
  });
  return loading;
}
