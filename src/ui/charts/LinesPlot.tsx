// Lines over training steps as one plain SVG that React updates in place: axes, grid, straight segments
// between measured points, dots, an optional reference level and legend, and a readout of the values under
// the pointer (or the arrow keys). Why not recharts: a recharts line chart runs its own store, selectors and
// effects and rewrites dozens of nodes on every redraw; in the training-ui bench that was 30-84 ms of CPU in
// one task per redraw and 45-107 ms per chart when a run ended. This plot takes a millisecond or two.
import { memo, useMemo } from 'react';
import { num, pct } from '../common/format';
import { numTick } from './chart-style';
import { linesLayout, valueAt, type PlotSeries, type YScale } from './lines-layout';
import { frameOf, f1, scale } from './plot-frame';
import { PlotAxes } from './PlotAxes';
import { PlotReadout } from './PlotReadout';
import { useReadout } from './use-readout';

export type { PlotSeries, YScale } from './lines-layout';

/** The legend's height under the plot, inside a chart's height. */
export const LEGEND_HEIGHT = 22;

const percentTick = (v: number) => `${Math.round(v * 100)}%`;

export interface LinesPlotProps {
  width: number;
  /** The plot's own height; a legend adds LEGEND_HEIGHT below it. */
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
  const f = frameOf(width, height);
  const at = useMemo(() => linesLayout(series, y, frameOf(width, height), dotsUpTo), [series, y, width, height, dotsUpTo]);
  const { index, surface } = useReadout(at.xPx);
  const value = y === 'percent' ? (v: number) => pct(v) : (v: number) => num(v);
  const picked = index === null ? null : { x: at.xs[index], px: at.xPx[index] };
  const rows = picked ? series.flatMap((s) => {
    const v = valueAt(s, picked.x);
    return v === undefined ? [] : [{ name: s.name, colour: s.colour, value: value(v), py: f1(scale(v, at.yDomain, [f.bottom, f.top])) }];
  }) : [];
  const refY = reference ? f1(scale(reference.y, at.yDomain, [f.bottom, f.top])) : 0;
  return (
    <div className="plot">
      <svg width={width} height={height} className="plot-surface" role="img" aria-label={`${yTitle} by ${xTitle}: point or use the arrow keys to read the values`} {...surface}>
        <PlotAxes f={f} xTicks={at.xTicks} yTicks={at.yTicks} xDomain={at.xDomain} yDomain={at.yDomain} xTitle={xTitle} yTitle={yTitle} yFormat={y === 'percent' ? percentTick : numTick} />
        {reference && (
          <g>
            <path d={`M${f.left},${refY}H${f.right}`} stroke="var(--fg-muted)" strokeDasharray="4 3" />
            <text x={f.right - 2} y={refY - 3} textAnchor="end" fontSize={10} fill="var(--fg-muted)">{reference.label}</text>
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
            {rows.map((r) => <circle key={r.name} cx={picked.px} cy={r.py} r={4} fill="var(--bg)" stroke={r.colour} strokeWidth={2} />)}
          </g>
        )}
      </svg>
      <PlotReadout at={picked?.px ?? null} width={width} title={`${xTitle} ${picked?.x ?? ''}`} rows={rows} />
      {legend && (
        <ul className="plot-legend">
          {series.map((s, i) => <li key={i} data-colour={s.colour}><span className="swatch" style={{ borderTop: `2px ${s.dashed ? 'dashed' : 'solid'} ${s.colour}` }} />{s.name}</li>)}
        </ul>
      )}
    </div>
  );
});
