// A chart's frame: a caption and a measured width handed to the render prop (no ResponsiveContainer, so the
// chart also renders where nothing measures layout, as in tests).
import { useRef, type ReactNode } from 'react';
import { useWidth } from '../common/use-width';

export function ChartBox({ title, note, children, fallbackWidth = 360 }: { title: string; note?: ReactNode; children: (width: number) => ReactNode; fallbackWidth?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useWidth(ref, fallbackWidth);
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>
        <strong>{title}</strong>
        {note && <span className="muted small"> {note}</span>}
      </figcaption>
      <div ref={ref} className="chart-body">{children(Math.max(120, width))}</div>
    </figure>
  );
}
