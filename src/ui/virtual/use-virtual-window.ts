// A small virtualizer for lists of fixed-height rows: from the scroll position and the
// viewport height it gives the rows to render (plus a margin) and where they sit, so
// that 10 000+ rows cost as much as the 30 on screen.
import { useCallback, useEffect, useState, type RefObject } from 'react';

export interface VirtualWindow {
  /** First and one-past-last row to render. */
  start: number;
  end: number;
  /** Rows that fit in the viewport (for PageUp/PageDown). */
  pageRows: number;
  totalHeight: number;
  /** Scrolls the least needed to show row `index`. */
  reveal: (index: number) => void;
}

export function visibleRange(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  count: number,
  overscan: number,
): { start: number; end: number } {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + viewport) / rowHeight);
  return { start: Math.max(0, Math.min(count, first - overscan)), end: Math.min(count, last + overscan) };
}

export function useVirtualWindow(
  ref: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  overscan = 8,
): VirtualWindow {
  const [box, setBox] = useState({ top: 0, height: 600 });

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      setBox((b) => (b.top === el.scrollTop && b.height === el.clientHeight ? b : { top: el.scrollTop, height: el.clientHeight }));
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    el.addEventListener('scroll', onScroll, { passive: true });
    const ro = new ResizeObserver(onScroll);
    ro.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      ro.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [ref]);

  const reveal = useCallback(
    (index: number) => {
      const el = ref.current;
      if (!el || index < 0) return;
      const top = index * rowHeight;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
    },
    [ref, rowHeight],
  );

  const { start, end } = visibleRange(box.top, box.height, rowHeight, count, overscan);
  return {
    start,
    end,
    pageRows: Math.max(1, Math.floor(box.height / rowHeight) - 1),
    totalHeight: count * rowHeight,
    reveal,
  };
}
