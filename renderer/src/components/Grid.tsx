// The whole archive as a virtualized grid: only the rows on screen exist in the DOM.
// Click selects one photo, Shift+click a range, Ctrl/Cmd+click toggles one, Ctrl/Cmd+A selects
// all, Esc clears the selection; the keyboard moves a cursor (Shift extends the selection).
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { PhotoSummary } from '../../../shared/api';
import type { Host } from '../host';
import { localTime } from '../format';
import { clearSelection, selectAll, selectAt, selectedIds, type GridSelection } from './batch/selection';
import { setDraggedPhotos } from './collections/dnd';
import { ROW_HEIGHT, THUMB_HEIGHT, TILE_MIN_WIDTH, thumbBoxWidth } from './grid/layout';
import { RegionOverlay, useRegionOutlines } from './grid/RegionOutlines';
import { LazyThumb } from './grid/LazyThumb';
import { thumbImageBox } from './grid/thumbBox';
import { isControl, isTextField, primaryModifier } from './shell/keys';
import { SensitiveVeil } from './review/SensitiveVeil';
import { useSensitiveView } from './review/sensitiveView';

interface Props {
  host: Host;
  photos: PhotoSummary[];
  selection: GridSelection;
  onSelection(s: GridSelection): void;
  onOpen(i: number): void;
  /** True while the viewer or a dialog has the keyboard. */
  suspended: boolean;
  /** Draw each photo's region outlines over its thumbnail. */
  showRegions: boolean;
  /** Changes whenever annotations or the vocabulary change, so outlines are fetched again. */
  regionsVersion: number;
}

export function Grid({ host, photos, selection, onSelection, onOpen, suspended, showRegions, regionsVersion }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(1000);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);
  const columns = Math.max(1, Math.floor(width / TILE_MIN_WIDTH));
  const rows = Math.ceil(photos.length / columns);
  const boxWidth = thumbBoxWidth(width, columns);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions by design
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 3,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const renderedIds = virtualRows.flatMap((row) => photos.slice(row.index * columns, row.index * columns + columns).map((p) => p.id));
  const outlines = useRegionOutlines(host, renderedIds, showRegions, regionsVersion);
  const veil = useSensitiveView(host);

  // Bring the cursor into view when the keyboard moves it or the viewer closes on another photo;
  // not on mouse clicks, where scrolling would move the tile between the two clicks of a double-click.
  const reveal = useCallback((i: number) => virtualizer.scrollToIndex(Math.floor(i / columns), { align: 'auto' }), [virtualizer, columns]);
  const cursorRef = useRef(selection.cursor);
  cursorRef.current = selection.cursor;
  useEffect(() => {
    if (!suspended && photos.length > 0) reveal(cursorRef.current);
  }, [suspended, reveal, photos.length]);

  useEffect(() => {
    if (suspended) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTextField(e.target) || e.target instanceof HTMLSelectElement) return;
      const cursor = selection.cursor;
      const last = photos.length - 1;
      const pageRows = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT));
      const moves: Record<string, number> = {
        ArrowRight: cursor + 1,
        ArrowLeft: cursor - 1,
        ArrowDown: cursor + columns,
        ArrowUp: cursor - columns,
        PageDown: cursor + columns * pageRows,
        PageUp: cursor - columns * pageRows,
        Home: 0,
        End: last,
      };
      const mod = primaryModifier(e);
      if (e.key in moves && last >= 0) {
        e.preventDefault();
        const next = Math.min(last, Math.max(0, moves[e.key]!));
        // Ctrl+arrow moves only the cursor, so Ctrl+Space can then add photos far apart.
        onSelection(mod && !e.shiftKey ? { ...selection, cursor: next } : selectAt(selection, photos, next, { range: e.shiftKey, toggle: false }));
        reveal(next);
      } else if (e.key === ' ' && mod && photos[cursor]) {
        e.preventDefault();
        onSelection(selectAt(selection, photos, cursor, { range: false, toggle: true }));
      } else if (e.key.toLowerCase() === 'a' && mod && !e.shiftKey && !e.altKey) {
        e.preventDefault();
        onSelection(selectAll(selection, photos));
      } else if (e.key === 'Escape' && selection.ids.size > 0) {
        e.preventDefault();
        onSelection(clearSelection(selection));
      } else if (e.key === 'Enter' && photos[cursor] && !isControl(e.target)) {
        e.preventDefault();
        onOpen(cursor);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [suspended, selection, columns, photos, onSelection, onOpen, reveal]);

  const multi = selection.ids.size > 1;
  return (
    <div
      ref={scroller}
      className="grid-scroller"
      role="grid"
      aria-label="Photos"
      aria-rowcount={rows}
      aria-multiselectable="true"
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualRows.map((row) => (
          <div
            key={row.key}
            role="row"
            className="grid-row"
            style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}
          >
            {photos.slice(row.index * columns, row.index * columns + columns).map((p, col) => {
              const i = row.index * columns + col;
              const isSelected = selection.ids.has(p.id);
              const box = p.width && p.height ? thumbImageBox(p.width, p.height, boxWidth, THUMB_HEIGHT) : null;
              const regions = showRegions ? outlines.get(p.id) : undefined;
              const veiled = p.hasThumb && veil.veiled(p);
              return (
                <div
                  key={p.id}
                  role="gridcell"
                  aria-selected={isSelected}
                  className={`tile${isSelected ? ' selected' : ''}${i === selection.cursor ? ' cursor' : ''}`}
                  style={{ width: `${100 / columns}%` }}
                  data-photo-id={p.id}
                  onClick={(e) => onSelection(selectAt(selection, photos, i, { range: e.shiftKey, toggle: primaryModifier(e) }))}
                  onDoubleClick={() => onOpen(i)}
                  title={p.fileName}
                  // Tiles drag onto albums in the sidebar: a selected tile carries the whole selection.
                  draggable
                  onDragStart={(e) => setDraggedPhotos(e.dataTransfer, isSelected ? selectedIds(selection, photos) : [p.id])}
                >
                  <div className={`thumb${veiled ? ' veiled' : ''}`}>
                    {veiled && <SensitiveVeil sensitive={p.sensitive === true} onShow={() => veil.reveal(p.id)} />}
                    {p.hasThumb && box ? (
                      // The image and its outlines share one box, computed from the photo's size.
                      <div className="thumb-frame" style={{ width: box.width, height: box.height }}>
                        <LazyThumb src={host.mediaUrl(p.id, 'thumb')} alt={p.fileName} />
                        {regions && <RegionOverlay outlines={regions} />}
                      </div>
                    ) : p.hasThumb ? (
                      <LazyThumb src={host.mediaUrl(p.id, 'thumb')} alt={p.fileName} />
                    ) : p.mediaKind === 'video' ? (
                      <span className="no-preview video-tile">▶ Video · No preview</span>
                    ) : (
                      <span className="no-preview">No preview</span>
                    )}
                    {multi && isSelected && (
                      <span className="tile-check" aria-hidden="true">
                        ✓
                      </span>
                    )}
                  </div>
                  <div className="tile-name">{p.fileName}</div>
                  <div
                    className={p.correctedAt ? 'tile-date clock-corrected' : 'tile-date'}
                    title={p.correctedAt ? `Camera clock corrected; the camera said ${p.takenAt}` : p.takenAt ? `As written in the file: ${p.takenAt}` : undefined}
                  >
                    {p.missing ? <span className="tile-missing">Original missing · </span> : null}
                    {localTime(p.correctedAt ?? p.takenAt) ?? 'no capture time'}
                    {p.correctedAt ? <span className="tile-corrected">*</span> : null}
                  </div>
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
