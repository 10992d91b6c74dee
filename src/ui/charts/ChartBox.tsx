// A chart's frame: a caption and a measured width handed to the render prop (no ResponsiveContainer, so the
// chart also renders where nothing measures layout, as in tests). The chart renders once the width is known,
// so it is not drawn twice on mount; `height` keeps the space while it waits. The caption offers the chart
// as PNG and SVG.
import { useCallback, useRef, type ReactNode } from 'react';
import { useMeasuredWidth } from '../common/use-width';
import { chartSvg } from './chart-export';
import { ChartSave } from './ChartSave';

export function ChartBox({ title, note, children, fallbackWidth = 360, height }: {
  title: string; note?: ReactNode; children: (width: number) => ReactNode; fallbackWidth?: number; height?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useMeasuredWidth(ref, fallbackWidth);
  const svg = useCallback(() => (ref.current ? chartSvg(ref.current, title) : null), [title]);
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>
        <strong>{title}</strong>
        {note && <span className="muted small"> {note}</span>}
        <ChartSave title={title} svg={svg} />
      </figcaption>
      <div ref={ref} className="chart-body" style={height ? { minHeight: height } : undefined}>{width !== null && children(Math.max(120, width))}</div>
    </figure>
  );
}
