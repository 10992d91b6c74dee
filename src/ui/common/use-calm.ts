// A value that, while a run trains, moves on at most every `ms` milliseconds (to the latest value then), and at
// once otherwise. For views a run's evaluations redraw (accuracy charts, the confusion matrix, the sample table):
// a fast run evaluates several times a second, a person reads them every few seconds, and each redraw costs
// the main thread what the live charts need.
import { useEffect, useRef, useState } from 'react';

/** While a run trains, what its evaluations redraw moves on at most this often. */
export const CALM_MS = 3000;

export function useCalm<T>(value: T, live: boolean, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  const latest = useRef(value);
  latest.current = value;
  // Not live: follow the value (adjusting state while rendering), so a finished run shows its last word.
  if (!live && shown !== value) setShown(value);
  useEffect(() => {
    if (!live || shown === value) return;
    const wait = Math.max(0, last.current + ms - Date.now());
    const timer = setTimeout(() => {
      last.current = Date.now();
      setShown(() => latest.current);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, live, ms, shown]);
  return live ? shown : value;
}
