// The width of an element (one without padding): read once when it mounts, then followed with ResizeObserver
// (which reports only real changes), so nothing reads layout on every render. Null until measured; the
// fallback stands in where nothing measures layout (jsdom).
import { useLayoutEffect, useState, type RefObject } from 'react';

export function useMeasuredWidth(ref: RefObject<HTMLElement | null>, fallback = 640): number | null {
  const [width, setWidth] = useState<number | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(Math.floor(el.clientWidth) || fallback);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([entry]) => {
      const w = Math.floor(entry.contentRect.width);
      if (w > 0) setWidth(w);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, fallback]);
  return width;
}

export function useWidth(ref: RefObject<HTMLElement | null>, fallback = 640): number {
  return useMeasuredWidth(ref, fallback) ?? fallback;
}
