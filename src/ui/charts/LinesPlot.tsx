// Lines over training steps as one plain SVG that React updates in place: axes, grid, straight segments
// between measured points, dots, an optional reference level and legend, and a readout of the values under
// the pointer (or the arrow keys). Why not recharts: a recharts line chart runs its own store, selectors and
// effects and rewrites dozens of nodes on every redraw; in the training-ui bench that was 30-84 ms of CPU in
// one task per redraw and 45-107 ms per chart when a run ended. This plot takes a millisecond or two.
import { memo, useMemo } from 'react';
import { num, pct } from '../common/format';
import { stepTicks } from './chart-style';
import { legendRows, linesLayout, valueAt, type PlotSeries, type YScale } from './lines-layout';
import { frameOf, f1, scale } from './plot-frame';
import { PlotAxes } from './PlotAxes';
import { PlotReadout, readoutText } from './PlotReadout';
import { useReadout } from './use-readout';

export type { PlotSeries, YScale } from './lines-layout';

/** One row of the legend under the plot. */
const LEGEND_ROW = 18;
/** The plot keeps at least this much height, however many rows its legend takes. */
const MIN_PLOT = 100;

const percentTick = (v: number) => `${Math.round(v * 100)}%`;

export interface LinesPlotProps {
  width: number;
  /** The figure's height: the plot, and the legend's rows under it when there is one. */
  height: number;
  series: PlotSeries[];
  xTitle: string;
  yTitle: string;
  y: YScale;
  legend?: boolean;
  /** A dashed level across the plot with its label (the zero-shot accuracy). */
  reference?: { y: number; label: string };
  /** Dots on every point of a series with at most this many (a series measured once always has its dot). */
  dotsUpTo?: number;
}

export const LinesPlot = memo(function LinesPlot({ width, height, series, xTitle, yTitle, y, legend = false, reference, dotsUpTo = 0 }: LinesPlotProps) {
  const rows = legend ? legendRows(series.map((s) => s.name), width) : 0;
  const plotHeight = Math.max(MIN_PLOT, height - rows * LEGEND_ROW);
  const f = frameOf(width, plotHeight);
  const at = useMemo(() => linesLayout(series, y, frameOf(width, plotHeight), dotsUpTo), [series, y, width, plotHeight, dotsUpTo]);
  const { index, surface } = useReadout(at.xs, at.xPx, width);
  const value = y === 'percent' ? (v: number) => pct(v) : (v: number) => num(v);
  const picked = index === null ? null : { x: at.xs[index], px: at.xPx[index] };
  const read = picked ? series.flatMap((s) => {
    const v = valueAt(s, picked.x);
    return v === undefined ? [] : [{ name: s.name, colour: s.colour, value: value(v), py: f1(scale(v, at.yDomain, [f.bottom, f.top])) }];
  }) : [];
  const title = picked ? `${xTitle} ${picked.x}` : '';
  const refY = reference ? f1(scale(reference.y, at.yDomain, [f.bottom, f.top])) : 0;
  // The reference's label above its line, or below it where the line runs along the top.
  const refLabelY = refY - 3 - 10 < f.top ? refY + 11 : refY - 3;
  return (
    <div className="plot">
      <svg
        width={width} height={plotHeight} className="plot-surface"
        role="slider" aria-roledescription="chart" aria-label={`${yTitle} by ${xTitle}: point or use the arrow keys to read the values`}
        aria-valuemin={0} aria-valuemax={Math.max(0, at.xs.length - 1)} aria-valuenow={index ?? 0}
        aria-valuetext={picked ? readoutText(title, read) : 'no step picked'}
        {...surface}
      >
        <PlotAxes f={f} xTicks={at.xTicks} yTicks={at.yTicks} xDomain={at.xDomain} yDomain={at.yDomain} xTitle={xTitle} yTitle={yTitle} yFormat={y === 'percent' ? percentTick : stepTicks(at.yTicks)} />
        {reference && (
          <g>
            <path d={`M${f.left},${refY}H${f.right}`} stroke="var(--fg-muted)" strokeDasharray="4 3" />
            <text x={f.right - 2} y={refLabelY} textAnchor="end" fontSize={10} fill="var(--fg-muted)">{reference.label}</text>
          </g>
        )}
        {series.map((s, i) => (
          <g key={i}>
            <path className="line-curve" d={at.lines[i].d} fill="none" stroke={s.colour} strokeWidth={1.5} strokeDasharray={s.dashed ? '4 3' : undefined} />
            {at.lines[i].dots.map(([cx, cy], j) => <circle key={j} cx={cx} cy={cy} r={3} fill={s.colour} />)}
          </g>
        ))}
        {picked && (
          <g className="plot-readout-marks" pointerEvents="none">
            <path d={`M${picked.px},${f.top}V${f.bottom}`} stroke="var(--fg-muted)" />
            {read.map((r, i) => <circle key={i} cx={picked.px} cy={r.py} r={4} fill="var(--bg)" stroke={r.colour} strokeWidth={2} />)}
          </g>
        )}
      </svg>
      <PlotReadout at={picked?.px ?? null} width={width} title={title} rows={read} />
      {legend && (
        <ul className="plot-legend" style={{ height: rows * LEGEND_ROW }}>
          {series.map((s, i) => <li key={i} data-colour={s.colour}><span className="swatch" style={{ borderTop: `2px ${s.dashed ? 'dashed' : 'solid'} ${s.colour}` }} />{s.name}</li>)}
        </ul>
      )}
    </div>
  );
});
