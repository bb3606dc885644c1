// A grid thumbnail that asks for its image only once its tile has stayed on screen for a moment.
// During a fast scroll through tens of thousands of photos, tiles live for a frame or two; if each
// started a request, hundreds would queue on the browser's few connections per host and the page
// the user stops on would wait behind them. Thumbnails that have loaded once are remembered, so
// scrolling back shows them at once (the bytes come from the HTTP cache or the image cache).
import { useEffect, useState } from 'react';
import './grid.css';

/** How long a tile must stay mounted before its image is requested. */
const SETTLE_MS = 90;
/** Thumbnail URLs that have loaded in this page. */
const loaded = new Set<string>();

interface Props {
  src: string;
  alt: string;
}

export function LazyThumb({ src, alt }: Props) {
  const [settled, setSettled] = useState<string | null>(() => (loaded.has(src) ? src : null));
  useEffect(() => {
    if (settled === src || loaded.has(src)) return;
    const t = setTimeout(() => setSettled(src), SETTLE_MS);
    return () => clearTimeout(t);
  }, [src, settled]);
  if (settled !== src && !loaded.has(src)) return <span className="thumb-pending" aria-hidden="true" />;
  return <img src={src} alt={alt} loading="lazy" decoding="async" draggable={false} onLoad={() => loaded.add(src)} />;
}
