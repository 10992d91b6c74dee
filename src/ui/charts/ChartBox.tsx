// A chart's frame: a caption and a measured width handed to the render prop (no ResponsiveContainer, so the
// chart also renders where nothing measures layout, as in tests). The chart renders once the width is known,
// so it is not drawn twice on mount; `height` keeps the space while it waits.
import { useRef, type ReactNode } from 'react';
import { useMeasuredWidth } from '../common/use-width';

export function ChartBox({ title, note, children, fallbackWidth = 360, height }: {
  title: string; note?: ReactNode; children: (width: number) => ReactNode; fallbackWidth?: number; height?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useMeasuredWidth(ref, fallbackWidth);
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>
        <strong>{title}</strong>
        {note && <span className="muted small"> {note}</span>}
      </figcaption>
      <div ref={ref} className="chart-body" style={height ? { minHeight: height } : undefined}>{width !== null && children(Math.max(120, width))}</div>
    </figure>
  );
}
