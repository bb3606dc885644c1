// The grid's geometry in one place: the virtualizer, the thumbnail box computation and styles.css
// (.grid-row padding, .tile padding, .thumb height) must agree on these numbers.
export const TILE_MIN_WIDTH = 200; // px: a 320 px thumbnail shown at up to ~180 px plus its caption
export const ROW_HEIGHT = TILE_MIN_WIDTH + 40;
export const ROW_PADDING_X = 8;
export const TILE_PADDING = 8;
export const THUMB_HEIGHT = 180;
/** Grid thumbnails are made 320 px on the long side (electron/catalog/derived.ts THUMB_SIZE). */
export const THUMB_LONG_SIDE = 320;

/** Width of a tile's thumbnail box, given the scroller's inner width and the column count. */
export function thumbBoxWidth(scrollerWidth: number, columns: number): number {
  return (scrollerWidth - 2 * ROW_PADDING_X) / columns - 2 * TILE_PADDING;
}
