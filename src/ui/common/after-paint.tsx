// Mounts its children only after the page has painted once since it itself mounted: a heavy view that
// appears together with others (the thumbnail grid, when an import's summary arrives) then mounts, measures
// and lays out in a task of its own instead of adding to the task that shows everything else.
import { useEffect, useState, type ReactNode } from 'react';

export function AfterPaint({ children, placeholder = null }: { children: ReactNode; placeholder?: ReactNode }) {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // requestAnimationFrame runs before the paint; the timeout after it runs in a task after the paint.
    const frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => (timer = setTimeout(() => setPainted(true), 0))) : undefined;
    if (frame === undefined) timer = setTimeout(() => setPainted(true), 0);
    return () => {
      if (frame !== undefined) cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return <>{painted ? children : placeholder}</>;
}
