// The geotagged photos that match the current search, on a bundled offline basemap. Drag to pan,
// wheel or +/- to zoom; Shift+drag (or "Draw box") sets the query's box filter; clicking a point
// opens its photo, clicking a cluster zooms in on it. Points outside the box stay visible, dimmed,
// so the box can be redrawn with the whole picture in view. Hovering a point shows its thumbnail;
// "Set position" then a click on the map gives the selected photos that latitude/longitude (one
// batch edit, undoable like any other). Street maps the user added (Layers, or Settings) are drawn
// by MapLibre between the world basemap and the markers (StreetLayer.tsx).
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { PhotoQuery } from '../../../../shared/api';
import type { Host } from '../../host';
import { formatBbox } from '../search/query';
import { loadBasemap, type Basemap } from './basemap';
import { clusterPoints, visibleMarkers, type MapPoint, type Marker } from './cluster';
import { boundsOf, clampView, fitBounds, inBounds, mapY, MAX_K, screenBox, toLonLat, toScreen, worldView, zoomAt, type Size, type View } from './projection';
import { OfflineMapsPanel } from './OfflineMapsPanel';
import { StreetLayer } from './StreetLayer';
import { useOfflineMaps } from './useOfflineMaps';
import './map.css';

interface Props {
  host: Host;
  query: PhotoQuery;
  /** Moves when the archive or its annotations change: the points are read again. */
  version: number;
  nameOf(id: number): string | undefined;
  onQuery(q: PhotoQuery): void;
  onOpen(id: number): void;
  /** The grid's selection: the photos "Set position" places. */
  placeIds?: number[];
}

type Gesture = { kind: 'pan'; x: number; y: number; view: View; moved: boolean } | { kind: 'box'; x0: number; y0: number; x1: number; y1: number };

const PAN_STEP = 80;
/** Automatic fitting stops at about country scale; closer is the user's choice. */
const FIT_MAX_K = 60;
const GRATICULE = (() => {
  let d = '';
  for (let lon = -180; lon <= 180; lon += 30) d += `M${lon} ${mapY(90)}L${lon} ${mapY(-90)}`;
  for (let lat = -60; lat <= 60; lat += 30) d += `M-180 ${mapY(lat)}L180 ${mapY(lat)}`;
  return d;
})();

function markerRadius(m: Marker): number {
  return m.ids.length === 1 ? 6 : Math.min(16, 8 + Math.log2(m.ids.length));
}

export function MapView({ host, query, version, nameOf, onQuery, onOpen, placeIds = [] }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const [size, setSize] = useState<Size | null>(null);
  const [basemap, setBasemap] = useState<Basemap | null>(null);
  const [points, setPoints] = useState<{ list: MapPoint[]; forQuery: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [userView, setUserView] = useState<View | null>(null);
  const [boxMode, setBoxMode] = useState(false);
  const [gesture, setGesture] = useState<Gesture | null>(null);
  const [placing, setPlacing] = useState(false);
  const [placed, setPlaced] = useState<string | null>(null);
  const [hover, setHover] = useState<{ id: number; x: number; y: number } | null>(null);
  const offline = useOfflineMaps(host);
  const [streetError, setStreetError] = useState<string | null>(null);
  const [layersOpen, setLayersOpen] = useState(false);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    measure();
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    let live = true;
    loadBasemap().then(
      (b) => live && setBasemap(b),
      (e: Error) => live && setError(`The basemap could not be loaded: ${e.message}`),
    );
    return () => {
      live = false;
    };
  }, []);

  // The points ignore the box itself: they show where photos are, the box only marks the filter.
  const pointsQuery = useMemo(() => ({ ...query, bbox: null }), [query]);
  const pointsKey = JSON.stringify(pointsQuery);
  useEffect(() => {
    let live = true;
    host.api.mapPoints(pointsQuery).then(
      (list) => {
        if (!live) return;
        setPoints({ list, forQuery: pointsKey });
        setError(null);
      },
      (e: Error) => live && setError(`The photo positions could not be read: ${e.message}`),
    );
    return () => {
      live = false;
    };
  }, [host, pointsQuery, pointsKey, version]);

  // Until the user moves the map, it frames the box filter, else the points, else the world.
  const autoView = useMemo(() => {
    if (!size || size.width === 0) return null;
    const b = query.bbox ?? (points ? boundsOf(points.list) : null);
    return b ? fitBounds(b, size, FIT_MAX_K) : worldView(size);
  }, [size, points, query.bbox]);
  const view = userView ?? autoView;

  // Grouping depends on the zoom only; panning just moves the groups.
  const k = view?.k ?? null;
  const clusters = useMemo(() => (k !== null && points ? clusterPoints(points.list, k) : []), [k, points]);
  const markers = useMemo(() => (view && size ? visibleMarkers(clusters, view, size) : []), [clusters, view, size]);
  const insideBox = points && query.bbox ? points.list.filter((p) => inBounds(query.bbox!, p.lat, p.lon)).length : null;

  const setView = useCallback((v: View) => size && setUserView(clampView(v, size)), [size]);
  const zoom = useCallback(
    (factor: number, x?: number, y?: number) => {
      if (!view || !size) return;
      setUserView(zoomAt(view, size, factor, x ?? size.width / 2, y ?? size.height / 2));
    },
    [view, size],
  );

  // Wheel zoom needs a non-passive listener (React's is passive) so the page does not scroll too.
  useEffect(() => {
    const el = svg.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = el.getBoundingClientRect();
      zoom(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [zoom]);

  const local = (e: React.PointerEvent) => {
    const r = svg.current!.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top] as const;
  };

  const onPointerDown = (e: React.PointerEvent<SVGSVGElement>) => {
    if (e.button !== 0 || !view) return;
    const [x, y] = local(e);
    svg.current?.setPointerCapture(e.pointerId);
    setGesture(boxMode || e.shiftKey ? { kind: 'box', x0: x, y0: y, x1: x, y1: y } : { kind: 'pan', x, y, view, moved: false });
  };
  const onPointerMove = (e: React.PointerEvent<SVGSVGElement>) => {
    if (!gesture) return;
    const [x, y] = local(e);
    if (gesture.kind === 'box') setGesture({ ...gesture, x1: x, y1: y });
    else {
      const dx = x - gesture.x;
      const dy = y - gesture.y;
      if (!gesture.moved && Math.hypot(dx, dy) < 3) return;
      if (!gesture.moved) setGesture({ ...gesture, moved: true });
      setView({ ...gesture.view, tx: gesture.view.tx + dx, ty: gesture.view.ty + dy });
    }
  };
  const place = async (x: number, y: number) => {
    if (!view || placeIds.length === 0) return;
    const [lon, lat] = toLonLat(view, x, y);
    if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return;
    setPlacing(false);
    try {
      const r = await host.api.applyBatch({ photoIds: placeIds, addTagIds: [], removeTagIds: [], fields: { lat: lat.toFixed(6), lon: lon.toFixed(6) } });
      setPlaced(`Placed ${r.photos.toLocaleString()} photo${r.photos === 1 ? '' : 's'} at ${lat.toFixed(5)}, ${lon.toFixed(5)} (Ctrl+Z undoes).`);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const onPointerUp = (e: React.PointerEvent<SVGSVGElement>) => {
    if (placing && gesture?.kind === 'pan' && !gesture.moved) {
      const [x, y] = local(e);
      void place(x, y);
    }
    if (gesture?.kind === 'box' && view && Math.abs(gesture.x1 - gesture.x0) > 4 && Math.abs(gesture.y1 - gesture.y0) > 4) {
      onQuery({ ...query, bbox: screenBox(view, gesture.x0, gesture.y0, gesture.x1, gesture.y1) });
      setBoxMode(false);
      // Keep the map where it is rather than jumping to frame the new box.
      setUserView(view);
    }
    setGesture(null);
  };

  const activate = (m: Marker) => {
    if (m.ids.length === 1 || (view && size && m.north - m.south < 1e-6 && m.east - m.west < 1e-6)) onOpen(m.ids[0]!);
    else if (view && size) setUserView(fitBounds(m, size, Math.max(view.k * 4, FIT_MAX_K)));
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (!view) return;
    const pans: Record<string, [number, number]> = { ArrowLeft: [PAN_STEP, 0], ArrowRight: [-PAN_STEP, 0], ArrowUp: [0, PAN_STEP], ArrowDown: [0, -PAN_STEP] };
    const pan = pans[e.key];
    if (pan) setView({ ...view, tx: view.tx + pan[0], ty: view.ty + pan[1] });
    else if (e.key === '+' || e.key === '=') zoom(1.5);
    else if (e.key === '-' || e.key === '_') zoom(1 / 1.5);
    else if (e.key === 'Escape' && (boxMode || gesture || placing)) {
      setBoxMode(false);
      setPlacing(false);
      setGesture(null);
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const bboxRect = view && query.bbox ? { nw: toScreen(view, query.bbox.west, query.bbox.north), se: toScreen(view, query.bbox.east, query.bbox.south) } : null;
  const total = points?.list.length ?? null;

  return (
    <div className="map-view" aria-label="Map of geotagged photos" role="region">
      <div className="map-toolbar">
        <button type="button" className="icon" aria-label="Zoom in" title="Zoom in (+)" onClick={() => zoom(2)}>
          +
        </button>
        <button type="button" className="icon" aria-label="Zoom out" title="Zoom out (−)" onClick={() => zoom(0.5)}>
          −
        </button>
        <button type="button" disabled={!points || points.list.length === 0} onClick={() => size && points && setUserView(fitBounds(boundsOf(points.list)!, size, FIT_MAX_K))}>
          Fit photos
        </button>
        <button type="button" onClick={() => size && setUserView(worldView(size))}>
          Whole world
        </button>
        <button type="button" aria-pressed={boxMode} title="Drag on the map to keep only the photos inside a box (or Shift+drag at any time)" onClick={() => setBoxMode(!boxMode)}>
          Draw box
        </button>
        {query.bbox && (
          <button type="button" onClick={() => onQuery({ ...query, bbox: null })} title={formatBbox(query.bbox)}>
            Clear box
          </button>
        )}
        <button
          type="button"
          aria-pressed={placing}
          disabled={placeIds.length === 0}
          title={placeIds.length === 0 ? 'Select photos in the grid first, then click where they were taken' : `Click the map where the ${placeIds.length} selected photo${placeIds.length === 1 ? ' was' : 's were'} taken`}
          onClick={() => setPlacing(!placing)}
        >
          Set position
        </button>
        <span className="map-layers">
          <button type="button" aria-expanded={layersOpen} aria-haspopup="dialog" title="Offline street maps" onClick={() => setLayersOpen(!layersOpen)}>
            Layers{offline.shown.length > 0 ? ` (${offline.shown.length})` : ''}
          </button>
          {layersOpen && (
            <div
              className="map-layers-popover"
              role="dialog"
              aria-label="Map layers"
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  e.stopPropagation();
                  setLayersOpen(false);
                }
              }}
            >
              <h4>Street maps</h4>
              <OfflineMapsPanel
                host={host}
                offline={offline}
                onZoomTo={(m) => {
                  if (!size) return;
                  const [west, south, east, north] = m.bounds;
                  setUserView(fitBounds({ west, south, east, north }, size, MAX_K));
                  setLayersOpen(false);
                }}
              />
            </div>
          )}
        </span>
        <span className="map-status" aria-live="polite">
          {total === null
            ? 'Loading…'
            : `${total.toLocaleString()} geotagged photo${total === 1 ? '' : 's'}${insideBox !== null ? `, ${insideBox.toLocaleString()} in the box` : ''}`}
          {boxMode ? ' · drag a box on the map' : ''}
          {placing ? ` · click where the ${placeIds.length} selected photo${placeIds.length === 1 ? ' was' : 's were'} taken (Esc cancels)` : placed ? ` · ${placed}` : ''}
        </span>
      </div>
      {(error ?? streetError) && (
        <p className="error map-error" role="alert">
          {error ?? streetError}
        </p>
      )}
      <div ref={box} className={`map-canvas${boxMode || placing ? ' drawing' : ''}${gesture?.kind === 'pan' && gesture.moved ? ' panning' : ''}`}>
        {size && view && (
          <svg width={size.width} height={size.height} className="map-base" aria-hidden="true">
            <rect className="map-sea" width={size.width} height={size.height} />
            <g className="map-world" transform={`translate(${view.tx} ${view.ty}) scale(${view.k})`}>
              <path className="map-graticule" d={GRATICULE} />
              {basemap && <path className="map-land" d={basemap.land} />}
              {basemap && <path className="map-borders" d={basemap.borders} />}
            </g>
          </svg>
        )}
        {size && view && <StreetLayer host={host} maps={offline.shown} view={view} size={size} onError={setStreetError} />}
        {size && view && (
          <svg
            ref={svg}
            width={size.width}
            height={size.height}
            className="map-svg"
            role="application"
            aria-label="Map: drag to pan, wheel or + and − to zoom, Shift+drag to draw a box"
            aria-roledescription="map"
            tabIndex={0}
            onPointerDown={onPointerDown}
            // Shift+drag draws a box: without this the browser extends the page's text selection.
            onMouseDown={(e) => {
              if (e.shiftKey || boxMode) {
                e.preventDefault();
                window.getSelection()?.removeAllRanges();
                svg.current?.focus();
              }
            }}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerCancel={() => setGesture(null)}
            onKeyDown={onKeyDown}
          >
            {/* Catches pointer events over the whole map (the layers below are not interactive). */}
            <rect className="map-hit" width={size.width} height={size.height} />
            {bboxRect && (
              <rect
                className="map-bbox"
                x={bboxRect.nw[0]}
                y={bboxRect.nw[1]}
                width={Math.max(1, bboxRect.se[0] - bboxRect.nw[0])}
                height={Math.max(1, bboxRect.se[1] - bboxRect.nw[1])}
              />
            )}
            {markers.map((m) => {
              const single = m.ids.length === 1;
              const name = single ? (nameOf(m.ids[0]!) ?? `photo ${m.ids[0]}`) : null;
              const inside = !query.bbox || inBounds(query.bbox, (m.south + m.north) / 2, (m.west + m.east) / 2);
              return (
                <g
                  key={`${m.ids[0]}-${m.ids.length}`}
                  className={`map-marker${single ? '' : ' cluster'}${inside ? '' : ' outside'}`}
                  transform={`translate(${m.sx} ${m.sy})`}
                  role="button"
                  tabIndex={0}
                  data-photo-id={single ? m.ids[0] : undefined}
                  aria-label={single ? `Open ${name}` : `${m.ids.length} photos here: zoom in`}
                  onPointerEnter={() => single && setHover({ id: m.ids[0]!, x: m.sx, y: m.sy })}
                  onPointerLeave={() => setHover(null)}
                  onFocus={() => single && setHover({ id: m.ids[0]!, x: m.sx, y: m.sy })}
                  onBlur={() => setHover(null)}
                  onPointerDown={(e) => {
                    // A click on a marker is not the start of a pan (Shift still draws a box from here).
                    if (!boxMode && !e.shiftKey) e.stopPropagation();
                  }}
                  onClick={(e) => {
                    if (boxMode || e.shiftKey) return;
                    activate(m);
                  }}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      e.stopPropagation();
                      activate(m);
                    }
                  }}
                >
                  <title>{single ? name : `${m.ids.length} photos`}</title>
                  <circle r={markerRadius(m)} />
                  {!single && (
                    <text dy="0.35em" textAnchor="middle">
                      {m.ids.length > 999 ? `${Math.floor(m.ids.length / 1000)}k` : m.ids.length}
                    </text>
                  )}
                </g>
              );
            })}
            {gesture?.kind === 'box' && (
              <rect
                className="map-drawing"
                x={Math.min(gesture.x0, gesture.x1)}
                y={Math.min(gesture.y0, gesture.y1)}
                width={Math.abs(gesture.x1 - gesture.x0)}
                height={Math.abs(gesture.y1 - gesture.y0)}
              />
            )}
          </svg>
        )}
        {hover && size && !gesture && (
          <div
            className="map-hover"
            data-photo-id={hover.id}
            style={{ left: Math.min(hover.x + 12, size.width - 180), top: hover.y > 190 ? hover.y - 182 : hover.y + 12 }}
            aria-hidden="true"
          >
            <img src={host.mediaUrl(hover.id, 'thumb')} alt="" />
            <span>{nameOf(hover.id) ?? `photo ${hover.id}`}</span>
          </div>
        )}
        <span className="map-credit">
          Basemap: Natural Earth (public domain)
          {offline.shown.length > 0 ? ` · Street map: ${offline.shown.map((m) => m.name).join(', ')}` : ''}
        </span>
      </div>
    </div>
  );
}
