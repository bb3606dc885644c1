// MapLibre GL and the pmtiles protocol, loaded (as their own chunk) only when a street map is
// shown. The worker is MapLibre's own worker file, bundled and served from the app's origin, so
// the page's policy needs no blob: workers and nothing is fetched from elsewhere.
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { Protocol } from 'pmtiles';

maplibregl.setWorkerUrl(new URL(workerUrl, window.location.href).href);
// PMTiles files are read by byte range from the host (pmtiles://<the map's URL>).
const protocol = new Protocol();
maplibregl.addProtocol('pmtiles', protocol.tile);

export { maplibregl };
// The style builder carries the Protomaps layer definitions: in this chunk too, not the app's main one.
export { streetStyle } from './streetStyle';
