// Reading a plot's values: the pointer, or the arrow keys once the plot has focus, pick the measured x
// nearest to it; leaving, Escape or losing focus clears the pick. Only the plot that is read re-renders.
import { useState, type KeyboardEvent, type PointerEvent } from 'react';
import { nearestIndex } from './plot-frame';

const KEYS = new Set(['ArrowRight', 'ArrowLeft', 'Home', 'End', 'Escape']);

/** `positions`: the pixel x of each value that can be read, ascending. */
export function useReadout(positions: readonly number[]) {
  const [picked, setPicked] = useState<number | null>(null);
  const n = positions.length;
  const index = picked !== null && picked < n ? picked : null;
  const surface = {
    tabIndex: 0,
    onPointerMove: (e: PointerEvent<Element>) => {
      const i = nearestIndex(positions, e.clientX - e.currentTarget.getBoundingClientRect().left);
      setPicked(i < 0 ? null : i);
    },
    onPointerLeave: () => setPicked(null),
    onBlur: () => setPicked(null),
    onKeyDown: (e: KeyboardEvent<Element>) => {
      if (!KEYS.has(e.key) || n === 0) return;
      e.preventDefault();
      if (e.key === 'Escape') setPicked(null);
      else if (e.key === 'Home') setPicked(0);
      else if (e.key === 'End') setPicked(n - 1);
      else if (e.key === 'ArrowRight') setPicked(Math.min(n - 1, (index ?? -1) + 1));
      else setPicked(Math.max(0, (index ?? n) - 1));
    },
  };
  return { index, surface };
}
