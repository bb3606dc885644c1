// The photo with its regions drawn over it: an SVG in normalized image coordinates stacked on the
// <img> inside one box of the image's aspect ratio, so both scale together at any zoom and window
// size, and a region drawn at 2:1 is stored with the same coordinates as at Fit. Tools:
// select/move/reshape, rectangle (R), polygon (P). Zoom: Fit/Fill/1:1/2:1 (0, 1, 2 when no region
// is selected; Z toggles Fit and 1:1), = and -, the wheel at the pointer; beyond the preview's
// detail the full-resolution image is loaded over it. Pan by dragging the background or Space+drag.
import { useCallback, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent, type Ref } from 'react';
import type { Geometry } from '../../../../shared/api';
import { bounds, clampPoint, moveCorner, moveVertex, rectFromCorners, sameGeometry, translate, vertices, type Point } from './geometry';
import { RegionShape } from './RegionShape';
import { keyBelongsToControl } from './keys';
import { ZoomControls } from '../viewer/ZoomControls';
import { FIT, MAX_RATIO, ONE_TO_ONE, TWO_TO_ONE, ZOOM_STEP, fitScale, ratioOf, scaleOf, stageBox, stepped, zoomLabel, type ZoomMode } from '../viewer/zoom';
import './annotate.css';

export interface Shape {
  id: number;
  geometry: Geometry;
  colour: string;
  label: string | null;
}

export type Tool = 'select' | 'rect' | 'polygon';

/** Lets the viewer offer a key to the editor first; true when the editor used it. */
export interface EditorKeys {
  handleKey(e: KeyboardEvent): boolean;
}

interface Props {
  src: string;
  /** The full-resolution image, loaded only when the zoom asks for more detail than the preview has. */
  fullSrc?: string | null;
  alt: string;
  /** Displayed (upright) pixel size, when the catalogue knows it; else read from the loaded preview. */
  width: number | null;
  height: number | null;
  shapes: Shape[];
  selectedId: number | null;
  onSelect(id: number | null): void;
  /** Saves a new region; the drawing stays on screen until this settles. */
  onCreate(geometry: Geometry): Promise<unknown>;
  onReshape(id: number, geometry: Geometry): void;
  onImageError(): void;
  keys?: Ref<EditorKeys>;
  /** A sealed photo: regions can be selected and the image zoomed, not drawn, moved or reshaped. */
  readOnly?: boolean;
}

/** A press-drag-release in progress; `now` is the shape so far (state may lag behind pointer events). */
type Drag =
  | { kind: 'rect'; start: Point; now: Geometry | null }
  | { kind: 'move'; id: number; start: Point; orig: Geometry; now: Geometry | null }
  | { kind: 'handle'; id: number; index: number; orig: Geometry; now: Geometry | null }
  | { kind: 'pan'; x: number; y: number; left: number; top: number };

/** Screen pixels: closer than this to the first vertex closes a polygon; a smaller rectangle is a slip. */
const SNAP_PX = 8;
const MIN_DRAW_PX = 4;

export function RegionEditor({ src, fullSrc = null, alt, width, height, shapes, selectedId, onSelect, onCreate, onReshape, onImageError, keys, readOnly = false }: Props) {
  const viewportRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const drag = useRef<Drag | null>(null);
  const zoomAnchor = useRef<{ nx: number; ny: number; cx: number; cy: number } | null>(null);

  const [chosenTool, setTool] = useState<Tool>('select');
  // Sealed (read-only): only selecting, whatever tool was chosen before.
  const tool: Tool = readOnly ? 'select' : chosenTool;
  const [mode, setMode] = useState<ZoomMode>(FIT);
  const [panning, setPanning] = useState(false);
  const spaceHeld = useRef(false);
  const [full, setFull] = useState<'idle' | 'loading' | 'loaded' | 'error'>('idle');
  const [viewport, setViewport] = useState({ w: 0, h: 0, dx: 0, dy: 0 });
  const [natural, setNatural] = useState<{ w: number; h: number } | null>(null);
  /** The shape being drawn or reshaped, shown before it is saved. */
  const [live, setLive] = useState<{ id: number | null; geometry: Geometry } | null>(null);
  const [draft, setDraft] = useState<Point[] | null>(null);
  const [pointer, setPointer] = useState<Point | null>(null);

  // Scales are against the photo's displayed (upright, full) pixel size from the catalogue; the
  // loaded preview's size stands in only when the catalogue does not know it.
  const image = useMemo(() => (width && height ? { w: width, h: height } : natural), [width, height, natural]);
  const dpr = window.devicePixelRatio || 1;
  // The room for the picture: a pixel less where the stage is shifted onto the pixel grid, so a
  // fitted photo never reaches past the viewport's edge.
  const room = useMemo(() => ({ w: viewport.w - (viewport.dx > 0 ? 1 : 0), h: viewport.h - (viewport.dy > 0 ? 1 : 0) }), [viewport]);
  const ready = !!image && room.w > 0 && room.h > 0;
  const scale = ready ? scaleOf(mode, image, room, dpr) : 1;
  const box = ready ? stageBox(image, room, scale) : null;
  const stageSize = box ? { width: box.width, height: box.height } : null;
  const zoomed = !!box && (box.width > room.w || box.height > room.h);
  const minScale = ready ? Math.min(fitScale(image, room), 1 / dpr) : 1;
  // The preview is enough until it would be enlarged; past that the full-resolution image is loaded over it.
  const needFull = !!fullSrc && !!box && !!natural && box.width > natural.w + 0.5;
  const wantFull = full !== 'idle' || needFull;
  // Once asked for, the full image stays (zooming out and in again does not fetch it twice).
  if (needFull && full === 'idle') setFull('loading');
  const detail = !wantFull || (!needFull && full !== 'error') ? 'preview' : full === 'loaded' ? 'full' : full === 'error' ? 'unavailable' : 'loading';

  useLayoutEffect(() => {
    const el = viewportRef.current!;
    const measure = () => {
      // The viewport may start mid-pixel (text above it has fractional heights): dx/dy move the
      // stage onto the screen's pixel grid.
      const r = el.getBoundingClientRect();
      const frac = (v: number) => (Math.ceil(v) - v) % 1;
      setViewport({ w: el.clientWidth, h: el.clientHeight, dx: frac(r.left + el.clientLeft), dy: frac(r.top + el.clientTop) });
    };
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const toImage = useCallback((clientX: number, clientY: number): Point => {
    const r = stageRef.current!.getBoundingClientRect();
    return clampPoint([(clientX - r.left) / r.width, (clientY - r.top) / r.height]);
  }, []);

  /** Zooms keeping the image point under (cx, cy) (default: the viewport's centre) where it is. */
  const zoomTo = useCallback((next: ZoomMode, cx?: number, cy?: number) => {
    const stage = stageRef.current;
    const vp = viewportRef.current;
    if (!stage || !vp) return;
    const s = stage.getBoundingClientRect();
    const v = vp.getBoundingClientRect();
    const ax = cx ?? v.left + v.width / 2;
    const ay = cy ?? v.top + v.height / 2;
    zoomAnchor.current = { nx: (ax - s.left) / s.width, ny: (ay - s.top) / s.height, cx: ax, cy: ay };
    setMode(next);
  }, []);

  const step = useCallback(
    (factor: number, cx?: number, cy?: number) => {
      if (image) zoomTo(stepped(scale, factor, image, room, dpr), cx, cy);
    },
    [image, scale, room, dpr, zoomTo],
  );

  useLayoutEffect(() => {
    const a = zoomAnchor.current;
    const stage = stageRef.current;
    const vp = viewportRef.current;
    if (!a || !stage || !vp) return;
    zoomAnchor.current = null;
    const s = stage.getBoundingClientRect();
    // Whole pixels, so 1:1 and 2:1 stay on the screen's pixel grid.
    vp.scrollLeft = Math.round(vp.scrollLeft + s.left + a.nx * s.width - a.cx);
    vp.scrollTop = Math.round(vp.scrollTop + s.top + a.ny * s.height - a.cy);
  }, [scale]);

  // The wheel (and a trackpad pinch, which arrives as Ctrl+wheel) zooms at the pointer; Shift+wheel
  // scrolls sideways as usual. A passive React listener could not stop the page from scrolling.
  useEffect(() => {
    const vp = viewportRef.current!;
    const onWheel = (e: WheelEvent) => {
      if (e.shiftKey || e.deltaY === 0) return;
      e.preventDefault();
      step(e.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP, e.clientX, e.clientY);
    };
    vp.addEventListener('wheel', onWheel, { passive: false });
    return () => vp.removeEventListener('wheel', onWheel);
  }, [step]);

  // Space held turns any drag into a pan (as in image editors), whatever the tool.
  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      if (e.key !== ' ' || keyBelongsToControl(e) || (e.target instanceof HTMLElement && e.target.closest('button'))) return;
      e.preventDefault();
      spaceHeld.current = true;
      setPanning(true);
    };
    const up = (e: KeyboardEvent) => {
      if (e.key !== ' ') return;
      spaceHeld.current = false;
      setPanning(false);
    };
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
    };
  }, []);

  const chooseTool = useCallback((t: Tool) => {
    setTool(t);
    setDraft(null);
  }, []);

  const finishPolygon = useCallback(
    (points: Point[]) => {
      setDraft(null);
      setTool('select');
      if (points.length < 3) return;
      const geometry: Geometry = { type: 'polygon', points };
      setLive({ id: null, geometry });
      void onCreate(geometry).finally(() => setLive(null));
    },
    [onCreate],
  );

  // The viewer passes its keys here first, so Esc cancels a drawing before it closes the viewer.
  useImperativeHandle(
    keys,
    () => ({
      handleKey(e: KeyboardEvent): boolean {
        if (e.key === 'Escape' && drag.current) {
          drag.current = null;
          setLive(null);
        } else if (e.key === 'Escape' && tool !== 'select') chooseTool('select');
        else if (e.key === 'Enter' && draft && draft.length >= 3) finishPolygon(draft);
        else if (e.key === 'Backspace' && draft) setDraft(draft.length > 1 ? draft.slice(0, -1) : null);
        else if (e.key === 'r' && !readOnly) chooseTool('rect');
        else if (e.key === 'p' && !readOnly) chooseTool('polygon');
        else if (e.key === '=' || e.key === '+') step(ZOOM_STEP);
        else if (e.key === '-') step(1 / ZOOM_STEP);
        else if (e.key === 'F') zoomTo(FIT);
        else if (e.key === 'z') zoomTo(mode === 'fit' ? ONE_TO_ONE : FIT);
        // With a region selected the digits are its severity; otherwise they choose the zoom.
        else if (selectedId === null && e.key === '0') zoomTo(FIT);
        else if (selectedId === null && e.key === '1') zoomTo(ONE_TO_ONE);
        else if (selectedId === null && e.key === '2') zoomTo(TWO_TO_ONE);
        else return false;
        return true;
      },
    }),
    [draft, tool, mode, selectedId, chooseTool, finishPolygon, zoomTo, step, readOnly],
  );

  const startPan = (e: ReactPointerEvent<HTMLDivElement>) => {
    const vp = viewportRef.current!;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { kind: 'pan', x: e.clientX, y: e.clientY, left: vp.scrollLeft, top: vp.scrollTop };
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (!stageSize) return;
    // Space+drag and the middle button pan with any tool, without drawing or deselecting.
    if (e.button === 1 || (e.button === 0 && spaceHeld.current)) {
      e.preventDefault();
      startPan(e);
      return;
    }
    if (e.button !== 0) return;
    const p = toImage(e.clientX, e.clientY);
    const target = e.target as Element;
    if (tool === 'polygon') {
      const r = stageRef.current!.getBoundingClientRect();
      const px = (a: Point, b: Point) => Math.hypot((a[0] - b[0]) * r.width, (a[1] - b[1]) * r.height);
      const points = draft ?? [];
      if (points.length >= 3 && px(points[0]!, p) <= SNAP_PX) finishPolygon(points);
      // The second press of a double-click lands on the last vertex: not a new one.
      else if (points.length === 0 || px(points[points.length - 1]!, p) > 3) setDraft([...points, p]);
      return;
    }
    e.currentTarget.setPointerCapture(e.pointerId);
    if (tool === 'rect') {
      drag.current = { kind: 'rect', start: p, now: null };
      setLive({ id: null, geometry: rectFromCorners(p, p) });
      return;
    }
    const handle = target.closest<HTMLElement>('[data-handle]');
    const shapeEl = target.closest<Element>('[data-region-id]');
    const selected = shapes.find((s) => s.id === selectedId);
    if (handle && selected && !readOnly) {
      drag.current = { kind: 'handle', id: selected.id, index: Number(handle.dataset.handle), orig: selected.geometry, now: null };
    } else if (shapeEl) {
      const id = Number(shapeEl.getAttribute('data-region-id'));
      const shape = shapes.find((s) => s.id === id);
      onSelect(id);
      if (shape && !readOnly) drag.current = { kind: 'move', id, start: p, orig: shape.geometry, now: null };
    } else {
      onSelect(null);
      drag.current = { kind: 'pan', x: e.clientX, y: e.clientY, left: viewportRef.current!.scrollLeft, top: viewportRef.current!.scrollTop };
    }
  };

  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (tool === 'polygon' && draft) setPointer(toImage(e.clientX, e.clientY));
    if (!d) return;
    if (d.kind === 'pan') {
      const vp = viewportRef.current!;
      vp.scrollLeft = d.left - (e.clientX - d.x);
      vp.scrollTop = d.top - (e.clientY - d.y);
      return;
    }
    const p = toImage(e.clientX, e.clientY);
    if (d.kind === 'rect') d.now = rectFromCorners(d.start, p);
    else if (d.kind === 'move') d.now = translate(d.orig, p[0] - d.start[0], p[1] - d.start[1]);
    else d.now = d.orig.type === 'rect' ? moveCorner(d.orig, d.index, p) : moveVertex(d.orig, d.index, p);
    setLive({ id: d.kind === 'rect' ? null : d.id, geometry: d.now });
  };

  const onPointerUp = (e: ReactPointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    drag.current = null;
    if (d?.kind === 'pan' && e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
    if (!d || d.kind === 'pan') return;
    const g = d.now;
    const r = stageRef.current!.getBoundingClientRect();
    const b = g ? bounds(g) : null;
    const bigEnough = !!b && (b.x1 - b.x0) * r.width >= MIN_DRAW_PX && (b.y1 - b.y0) * r.height >= MIN_DRAW_PX;
    if (d.kind === 'rect') {
      setTool('select');
      if (g && bigEnough) void onCreate(g).finally(() => setLive(null));
      else setLive(null);
    } else {
      if (g && bigEnough && !sameGeometry(g, d.orig)) onReshape(d.id, g);
      setLive(null);
    }
    e.currentTarget.releasePointerCapture(e.pointerId);
  };

  const onDoubleClick = () => {
    if (tool === 'polygon' && draft && draft.length >= 3) finishPolygon(draft);
  };

  // Larger shapes first, so a small region inside a large one stays clickable.
  const area = (g: Geometry) => {
    const b = bounds(g);
    return (b.x1 - b.x0) * (b.y1 - b.y0);
  };
  const drawn = shapes
    .map((s) => (live && live.id === s.id ? { ...s, geometry: live.geometry } : s))
    .sort((a, b) => (a.id === selectedId ? 1 : b.id === selectedId ? -1 : area(b.geometry) - area(a.geometry)));
  const selected = tool === 'select' ? drawn.find((s) => s.id === selectedId) : undefined;
  const pct = (v: number) => `${v * 100}%`;

  return (
    <div className="annot-editor">
      <div className="annot-tools" role="toolbar" aria-label="Region tools">
        <ToolButton label="Select" hint="Esc" active={tool === 'select'} onClick={() => chooseTool('select')} />
        <ToolButton label="Rectangle" hint="R" active={tool === 'rect'} disabled={readOnly} onClick={() => chooseTool('rect')} />
        <ToolButton label="Polygon" hint="P" active={tool === 'polygon'} disabled={readOnly} onClick={() => chooseTool('polygon')} />
        <span className="annot-tool-hint">{toolHint(tool, draft?.length ?? 0)}</span>
        <span className="spacer" />
        <ZoomControls
          mode={mode}
          label={ready ? zoomLabel(mode, scale, dpr) : ''}
          canZoomOut={ready && scale > minScale * 1.0001}
          canZoomIn={ready && ratioOf(scale, dpr) < MAX_RATIO}
          detail={detail}
          onMode={(m) => zoomTo(m)}
          onStep={(f) => step(f)}
        />
      </div>
      <div className={`annot-viewport${zoomed ? ' zoomed' : ''}${panning ? ' space-pan' : ''}`} ref={viewportRef}>
        <div className="annot-canvas" style={box ? { width: Math.max(viewport.w, box.width + Math.ceil(viewport.dx)), height: Math.max(viewport.h, box.height + Math.ceil(viewport.dy)) } : undefined}>
          <div
            ref={stageRef}
            className={`annot-stage tool-${tool}${ratioOf(scale, dpr) >= 2 ? ' pixelated' : ''}`}
            data-scale={scale}
            style={box ? { ...box, left: box.left + viewport.dx, top: box.top + viewport.dy } : { width: '100%', height: '100%' }}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerLeave={() => setPointer(null)}
            onDoubleClick={onDoubleClick}
          >
            <img
              src={src}
              alt={alt}
              draggable={false}
              onLoad={(e) => setNatural({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })}
              onError={onImageError}
              className={full === 'loaded' ? 'under-full' : undefined}
            />
            {wantFull && fullSrc && (
              <img
                src={fullSrc}
                alt=""
                className={`annot-full${full === 'loaded' ? ' loaded' : ''}`}
                draggable={false}
                decoding="async"
                // Shown only once decoded, so the preview stays until the full image can replace it in one frame.
                onLoad={(e) => void e.currentTarget.decode().then(() => setFull('loaded'), () => setFull('loaded'))}
                onError={() => setFull('error')}
              />
            )}
            {stageSize && (
              <svg className="annot-overlay" viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true">
                {drawn.map((s) => (
                  <RegionShape key={s.id} id={s.id} geometry={s.geometry} colour={s.colour} selected={s.id === selectedId} />
                ))}
                {live && live.id === null && <RegionShape id={null} geometry={live.geometry} colour="#ffffff" selected />}
                {draft && <DraftPolygon points={draft} pointer={pointer} />}
              </svg>
            )}
            {stageSize &&
              drawn.map((s) => {
                if (!s.label) return null;
                const b = bounds(s.geometry);
                return (
                  <div key={s.id} className={`annot-label${b.y0 < 0.06 ? ' inside' : ''}`} style={{ left: pct(b.x0), top: pct(b.y0), borderColor: s.colour }}>
                    {s.label}
                  </div>
                );
              })}
            {selected &&
              vertices(selected.geometry).map(([x, y], i) => (
                <div key={i} className="annot-handle" data-handle={i} style={{ left: pct(x), top: pct(y) }} title="Drag to reshape" />
              ))}
            {draft?.map(([x, y], i) => <div key={i} className={`annot-vertex${i === 0 ? ' first' : ''}`} style={{ left: pct(x), top: pct(y) }} />)}
          </div>
        </div>
      </div>
    </div>
  );
}

function ToolButton({ label, hint, active, disabled, onClick }: { label: string; hint: string; active: boolean; disabled?: boolean; onClick(): void }) {
  return (
    <button type="button" className={active ? 'active' : undefined} aria-pressed={active} disabled={disabled} onClick={onClick} title={`${label} (${hint})`}>
      {label}
    </button>
  );
}

function DraftPolygon({ points, pointer }: { points: Point[]; pointer: Point | null }) {
  const path = pointer ? [...points, pointer] : points;
  return <polyline className="annot-draft" points={path.map(([x, y]) => `${x},${y}`).join(' ')} vectorEffect="non-scaling-stroke" />;
}

function toolHint(tool: Tool, vertexCount: number): string {
  if (tool === 'rect') return 'Drag over the image to draw a rectangle.';
  if (tool === 'polygon') {
    return vertexCount < 3
      ? 'Click to add corners (at least 3). Esc cancels.'
      : 'Click to add corners; Enter, double-click or the first corner closes. Backspace removes the last, Esc cancels.';
  }
  return 'Click a region to select it, drag to move; R rectangle, P polygon.';
}
