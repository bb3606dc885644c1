// The MapLibre style for the user's street maps. Nothing in it is fetched from outside: no glyphs
// and no sprites (so no text labels or icons: the label fonts of a Protomaps style are not on npm
// as a bundle, and the markers carry the names that matter here), and every source is a map the
// host serves by opaque id. A Protomaps extract (its layers: earth, water, roads, buildings...)
// gets the Protomaps "dark" look from @protomaps/basemaps, minus its labels and its background (so
// the bundled world basemap shows where the extract ends); other vector maps get a plain outline of
// each of their layers; raster maps are drawn as they are.
import { layers as protomapsLayers, namedFlavor } from '@protomaps/basemaps';
import type { LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import type { OfflineMap } from '../../../../shared/api';

const PROTOMAPS_LAYERS = ['earth', 'water', 'roads'];

export function isProtomapsSchema(m: OfflineMap): boolean {
  return m.tileType === 'mvt' && PROTOMAPS_LAYERS.every((l) => m.layers.includes(l));
}

function source(m: OfflineMap, url: string): SourceSpecification {
  const type = m.tileType === 'mvt' ? 'vector' : 'raster';
  // Raster tiles are 256 px by convention (MBTiles and most raster PMTiles); vector tiles are zoom-based.
  const raster = type === 'raster' ? { tileSize: 256 } : {};
  if (m.container === 'pmtiles') return { type, url: `pmtiles://${url}`, ...raster } as SourceSpecification;
  return { type, tiles: [`${url}/{z}/{x}/{y}`], minzoom: m.minZoom, maxzoom: m.maxZoom, bounds: m.bounds, ...raster } as SourceSpecification;
}

function genericLayers(src: string, m: OfflineMap): LayerSpecification[] {
  return m.layers.flatMap((name, i): LayerSpecification[] => {
    const id = `${src}-${i}`;
    return [
      { id: `${id}-fill`, type: 'fill', source: src, 'source-layer': name, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#3a4350', 'fill-opacity': 0.6 } },
      { id: `${id}-line`, type: 'line', source: src, 'source-layer': name, filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': '#9aa6b4', 'line-width': 1.2 } },
      { id: `${id}-point`, type: 'circle', source: src, 'source-layer': name, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': '#9aa6b4', 'circle-radius': 2 } },
    ];
  });
}

function mapLayers(src: string, m: OfflineMap): LayerSpecification[] {
  if (m.tileType !== 'mvt') return [{ id: `${src}-raster`, type: 'raster', source: src }];
  if (!isProtomapsSchema(m)) return genericLayers(src, m);
  return protomapsLayers(src, namedFlavor('dark'), { lang: 'en' })
    .filter((l) => l.type !== 'symbol' && l.type !== 'background')
    .map((l) => ({ ...l, id: `${src}-${l.id}` }) as LayerSpecification);
}

/** One style drawing every shown map, later ones above earlier ones, over a transparent canvas. */
export function streetStyle(maps: OfflineMap[], urlOf: (id: string) => string): StyleSpecification {
  const sources: Record<string, SourceSpecification> = {};
  const layers: LayerSpecification[] = [];
  for (const m of maps) {
    const src = `map-${m.id}`;
    sources[src] = source(m, urlOf(m.id));
    layers.push(...mapLayers(src, m));
  }
  return { version: 8, sources, layers };
}
