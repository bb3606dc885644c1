// The user's offline street maps, drawn by MapLibre GL between the bundled world basemap (below)
// and the markers and boxes (above). It is not interactive: the map view keeps its own pan, zoom,
// box and placing gestures and this canvas follows its view exactly (same Web Mercator, with
// MapLibre's 512 px tiles: k = 512 * 2^zoom / 360). Where the user's map has no tiles (outside its
// bounds, or zoomed out past its smallest zoom) the canvas stays transparent and the basemap shows.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type * as MapLibreModule from './maplibre';
import type { OfflineMap } from '../../../../shared/api';
import type { Host } from '../../host';
import { toLonLat, zoomOfK, type Size, type View } from './projection';

type MapLibre = typeof MapLibreModule;
type LibreMap = InstanceType<MapLibre['maplibregl']['Map']>;

let loading: Promise<MapLibre> | null = null;
const loadMapLibre = () => (loading ??= import('./maplibre'));

interface Props {
  host: Host;
  maps: OfflineMap[];
  view: View;
  size: Size;
  onError(message: string | null): void;
}

function camera(view: View, size: Size) {
  const [lon, lat] = toLonLat(view, size.width / 2, size.height / 2);
  return { center: [lon, lat] as [number, number], zoom: zoomOfK(view.k) };
}

export function StreetLayer({ host, maps, view, size, onError }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<LibreMap | null>(null);
  const latest = useRef({ view, size, onError });
  useLayoutEffect(() => {
    latest.current = { view, size, onError };
  });
  const key = maps.map((m) => m.id).join(',');

  useEffect(() => {
    if (!key) return;
    let live = true;
    let made: LibreMap | null = null;
    loadMapLibre().then(
      ({ maplibregl, streetStyle }) => {
        if (!live || !el.current) return;
        const { view: v, size: s } = latest.current;
        made = new maplibregl.Map({
          container: el.current,
          style: streetStyle(maps, host.offlineMapUrl),
          ...camera(v, s),
          interactive: false,
          attributionControl: false,
          fadeDuration: 0,
          minZoom: -2,
          maxZoom: 24,
          // The map view decides where the camera is: MapLibre must not nudge it (it would, near the poles and zoomed out).
          transformConstrain: (center, zoom) => ({ center, zoom }),
        });
        made.on('error', (e) => latest.current.onError(`The street map could not be drawn: ${e.error.message}`));
        setMap(made);
      },
      (e: Error) => latest.current.onError(`The street map viewer could not be loaded: ${e.message}`),
    );
    return () => {
      live = false;
      made?.remove();
      setMap(null);
    };
    // The style is rebuilt when the list of shown maps changes (key), not on every new array.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, host]);

  useEffect(() => {
    if (!map) return;
    map.resize();
    map.jumpTo(camera(view, size));
  }, [map, view, size]);

  if (!key) return null;
  return <div ref={el} className="map-street" aria-hidden="true" data-ready={map ? 'true' : undefined} />;
}
