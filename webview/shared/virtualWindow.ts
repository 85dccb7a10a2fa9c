/**
 * Window arithmetic for a virtualised list of fixed-height rows: which rows a scroll
 * position shows, so the page keeps only those in the DOM however long the list is.
 */

export interface VirtualWindow {
  /** Index of the first rendered row. */
  start: number;
  /** Index one past the last rendered row. */
  end: number;
  /** Distance in pixels from the top of the list to the first rendered row. */
  offsetTop: number;
  /** Height in pixels of the whole list, for the scroll spacer. */
  totalHeight: number;
}

/**
 * Compute the rows to render for a viewport. `overscan` extra rows above and below keep
 * keyboard and wheel scrolling from showing blank space before the next frame.
 */
export function computeWindow(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  rowCount: number,
  overscan = 5
): VirtualWindow {
  const totalHeight = rowCount * rowHeight;
  if (rowCount === 0 || rowHeight <= 0) {
    return { start: 0, end: 0, offsetTop: 0, totalHeight: Math.max(totalHeight, 0) };
  }
  const maxScrollTop = Math.max(totalHeight - viewportHeight, 0);
  const top = Math.min(Math.max(scrollTop, 0), maxScrollTop);
  const firstVisible = Math.floor(top / rowHeight);
  const visibleCount = Math.ceil(Math.max(viewportHeight, 0) / rowHeight) + 1;
  const start = Math.max(firstVisible - overscan, 0);
  const end = Math.min(firstVisible + visibleCount + overscan, rowCount);
  return { start, end, offsetTop: start * rowHeight, totalHeight };
}

/** Compute the scroll position that brings row `index` fully into view, or keep `scrollTop` when it already is. */
export function scrollTopToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const rowTop = index * rowHeight;
  const rowBottom = rowTop + rowHeight;
  if (rowTop < scrollTop) {
    return rowTop;
  }
  if (rowBottom > scrollTop + viewportHeight) {
    return Math.max(rowBottom - viewportHeight, 0);
  }
  return scrollTop;
}
