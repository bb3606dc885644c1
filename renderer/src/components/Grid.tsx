// The whole archive as a virtualized grid: only the rows on screen exist in the DOM.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { PhotoSummary } from '../../../shared/api';
import type { Host } from '../host';
import { displayTime } from '../format';

const TILE = 200; // px: a 320 px thumbnail shown at up to ~180 px plus its caption
const ROW_HEIGHT = TILE + 40;

interface Props {
  host: Host;
  photos: PhotoSummary[];
  selected: number;
  onSelect(i: number): void;
  onOpen(i: number): void;
  /** True while the viewer or a dialog has the keyboard. */
  suspended: boolean;
}

export function Grid({ host, photos, selected, onSelect, onOpen, suspended }: Props) {
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
  const columns = Math.max(1, Math.floor(width / TILE));
  const rows = Math.ceil(photos.length / columns);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions by design
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 3,
  });

  // Bring the selection into view when the keyboard moves it or the viewer closes on another photo;
  // not on mouse clicks, where scrolling would move the tile between the two clicks of a double-click.
  const reveal = useCallback((i: number) => virtualizer.scrollToIndex(Math.floor(i / columns), { align: 'auto' }), [virtualizer, columns]);
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  useEffect(() => {
    if (!suspended && photos.length > 0) reveal(selectedRef.current);
  }, [suspended, reveal, photos.length]);

  useEffect(() => {
    if (suspended) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
      const last = photos.length - 1;
      const pageRows = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT));
      const moves: Record<string, number> = {
        ArrowRight: selected + 1,
        ArrowLeft: selected - 1,
        ArrowDown: selected + columns,
        ArrowUp: selected - columns,
        PageDown: selected + columns * pageRows,
        PageUp: selected - columns * pageRows,
        Home: 0,
        End: last,
      };
      if (e.key in moves) {
        e.preventDefault();
        const next = Math.min(last, Math.max(0, moves[e.key]!));
        onSelect(next);
        reveal(next);
      } else if (e.key === 'Enter' && photos[selected]) {
        e.preventDefault();
        onOpen(selected);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [suspended, selected, columns, photos, onSelect, onOpen, reveal]);

  return (
    <div ref={scroller} className="grid-scroller" role="grid" aria-label="Photos" aria-rowcount={rows}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((row) => (
          <div
            key={row.key}
            role="row"
            className="grid-row"
            style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}
          >
            {photos.slice(row.index * columns, row.index * columns + columns).map((p, col) => {
              const i = row.index * columns + col;
              return (
                <div
                  key={p.id}
                  role="gridcell"
                  aria-selected={i === selected}
                  className={`tile${i === selected ? ' selected' : ''}`}
                  style={{ width: `${100 / columns}%` }}
                  data-photo-id={p.id}
                  onClick={() => onSelect(i)}
                  onDoubleClick={() => onOpen(i)}
                  title={p.fileName}
                >
                  <div className="thumb">
                    {p.hasThumb ? (
                      <img src={host.mediaUrl(p.id, 'thumb')} alt={p.fileName} loading="lazy" decoding="async" draggable={false} />
                    ) : (
                      <span className="no-preview">No preview</span>
                    )}
                  </div>
                  <div className="tile-name">{p.fileName}</div>
                  <div className="tile-date">{displayTime(p.takenAt) ?? 'no capture time'}</div>
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
