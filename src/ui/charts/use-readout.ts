// Reading a plot's values: the pointer (or a tap), or the arrow keys once the plot has focus, pick the
// measured x nearest to it; leaving, Escape or losing focus clears the pick. The pick is the x itself, not
// its place in the list, so new points or a thinned-out series leave it on the same step; End follows the
// latest point as it arrives. Pointer picks render as a transition, like the live charts' updates
// (useMetricsFrame), so a pointer moving over a plot during training never holds those updates back.
import { startTransition, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { nearestIndex } from './plot-frame';

const KEYS = new Set(['ArrowRight', 'ArrowLeft', 'Home', 'End', 'Escape']);

type Pick = { x: number } | 'latest' | null;

/** `xs`: the values that can be read, ascending; `positions`: where each sits in pixels; `width`: the plot's. */
export function useReadout(xs: readonly number[], positions: readonly number[], width: number) {
  const [pick, setPick] = useState<Pick>(null);
  const n = xs.length;
  const index = n === 0 || pick === null ? null : pick === 'latest' ? n - 1 : nearestIndex(xs, pick.x);
  const atPointer = (e: PointerEvent<Element>) => {
    const box = e.currentTarget.getBoundingClientRect();
    // In the plot's own pixels, also where CSS or zoom scales it.
    const i = nearestIndex(positions, (e.clientX - box.left) * (box.width > 0 ? width / box.width : 1));
    startTransition(() => setPick(i < 0 ? null : { x: xs[i] }));
  };
  const surface = {
    tabIndex: 0,
    onPointerMove: atPointer,
    onPointerDown: atPointer,
    onPointerLeave: () => startTransition(() => setPick(null)),
    onBlur: () => setPick(null),
    onKeyDown: (e: KeyboardEvent<Element>) => {
      if (!KEYS.has(e.key) || n === 0 || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'Escape') {
        // Only a pick to clear stops Escape here; otherwise it is the page's (a popover around the plot).
        if (index === null) return;
        setPick(null);
      } else if (e.key === 'Home') setPick({ x: xs[0] });
      else if (e.key === 'End') setPick('latest');
      // Stepping onto the last point follows the latest, as End does.
      else if (e.key === 'ArrowRight') setPick(index === null ? { x: xs[0] } : index + 1 >= n - 1 ? 'latest' : { x: xs[index + 1] });
      else setPick({ x: xs[Math.max(0, (index ?? n) - 1)] });
      e.preventDefault();
    },
  };
  return { index, surface };
}
