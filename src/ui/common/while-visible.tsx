// Views that a training run redraws (charts, the sample table) redraw only while they are on screen (or near
// it): out of view they keep what they last drew and catch up when they come back. Where nothing reports
// intersections (jsdom), everything counts as in view.
import { memo, useEffect, useState, type ReactNode, type RefObject } from 'react';

/** Whether `ref`'s element is within `margin` of the viewport. */
export function useInView(ref: RefObject<Element | null>, margin = '300px'): boolean {
  const [inView, setInView] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver(([e]) => setInView(e.isIntersecting), { rootMargin: margin });
    io.observe(el);
    return () => io.disconnect();
  }, [ref, margin]);
  return inView;
}

/** Its children, re-rendered only while `visible`; while not, what they last rendered stays as it was. */
export const WhileVisible = memo(function WhileVisible({ children }: { visible: boolean; children: ReactNode }) {
  return <>{children}</>;
}, (_, next) => !next.visible);
