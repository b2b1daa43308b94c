/**
 * Which rows a scrolled table shows. The scrolling element's height is capped (browsers stop
 * laying out elements somewhere between 17 and 33 million pixels, and a million rows of 22 px
 * is 22 million), so the scroll position maps to a row by proportion rather than by pixels:
 * the top of the scroll range is the first row, the bottom shows the last rows.
 */
export const MAX_SCROLL_PX = 8_000_000;

/** The scroll height to give a table of `rows` rows of `rowPx` pixels. */
export function scrollHeight(rows: number, rowPx: number): number {
  return Math.min(rows * rowPx, MAX_SCROLL_PX);
}

/**
 * The first row to show for a scroll position.
 *
 * @example firstVisibleRow({ scrollTop: 0, scrollHeight: 2200, clientHeight: 220, rows: 100, visibleRows: 10 }) // 0
 */
export function firstVisibleRow({ scrollTop, scrollHeight, clientHeight, rows, visibleRows }: { scrollTop: number; scrollHeight: number; clientHeight: number; rows: number; visibleRows: number }): number {
  const lastFirst = Math.max(0, rows - visibleRows);
  const range = scrollHeight - clientHeight;
  if (range <= 0 || lastFirst === 0) return 0;
  const fraction = Math.min(1, Math.max(0, scrollTop / range));
  return Math.round(fraction * lastFirst);
}

/** The scroll position that shows `row` first (inverse of firstVisibleRow). */
export function scrollTopFor({ row, scrollHeight, clientHeight, rows, visibleRows }: { row: number; scrollHeight: number; clientHeight: number; rows: number; visibleRows: number }): number {
  const lastFirst = Math.max(0, rows - visibleRows);
  const range = scrollHeight - clientHeight;
  if (range <= 0 || lastFirst === 0) return 0;
  return (Math.min(Math.max(row, 0), lastFirst) / lastFirst) * range;
}
