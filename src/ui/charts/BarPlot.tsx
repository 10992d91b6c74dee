// Counts over equal bins of [0, 1] (the w histogram) as one plain SVG: axes, grid, a bar per bin labelled
// every 0.2, and a readout of the bin under the pointer (or the arrow keys). Plain for the reason LinesPlot.tsx
// gives.
import { memo, useMemo } from 'react';
import { roundTicks } from './chart-data';
import { frameOf, f1, scale } from './plot-frame';
import { PlotAxes } from './PlotAxes';
import { PlotReadout, readoutText } from './PlotReadout';
import { useReadout } from './use-readout';

export interface Bin { from: number; count: number }

const X_TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];

/** Round count ticks from 0 whose last reaches the tallest bar (a bar taller than the axis would be cut off). */
export function countTicks(max: number): number[] {
  const ticks = roundTicks(0, Math.max(1, max), 5, true);
  const last = ticks[ticks.length - 1];
  return last >= max ? ticks : [...ticks, last + (ticks[1] - ticks[0])];
}
const fixed2 = (v: number) => v.toFixed(2);

export const BarPlot = memo(function BarPlot({ width, height, bins, fill, xTitle, yTitle, symbol }: {
  width: number; height: number; bins: Bin[]; fill: string; xTitle: string; yTitle: string; symbol: string;
}) {
  const f = frameOf(width, height);
  const yTicks = useMemo(() => countTicks(Math.max(0, ...bins.map((b) => b.count))), [bins]);
  const top = yTicks[yTicks.length - 1] ?? 1;
  const slot = (f.right - f.left) / Math.max(1, bins.length);
  const centres = useMemo(() => bins.map((_, i) => f1(f.left + (i + 0.5) * slot)), [bins, f.left, slot]);
  const froms = useMemo(() => bins.map((b) => b.from), [bins]);
  const { index, surface } = useReadout(froms, centres, width);
  const picked = index === null ? null : bins[index];
  const binWidth = 1 / Math.max(1, bins.length);
  const title = picked ? `${symbol} from ${fixed2(picked.from)} to ${fixed2(Math.min(1, picked.from + binWidth))}` : '';
  const rows = picked ? [{ name: yTitle, colour: fill, value: String(picked.count) }] : [];
  return (
    <div className="plot">
      <svg
        width={width} height={height} className="plot-surface"
        role="slider" aria-roledescription="chart" aria-label={`${yTitle} by ${xTitle}: point or use the arrow keys to read the values`}
        aria-valuemin={0} aria-valuemax={Math.max(0, bins.length - 1)} aria-valuenow={index ?? 0}
        aria-valuetext={picked ? readoutText(title, rows) : 'no bin picked'}
        {...surface}
      >
        <PlotAxes f={f} xTicks={X_TICKS} yTicks={yTicks} xDomain={[0, 1]} yDomain={[0, top]} xTitle={xTitle} yTitle={yTitle} xFormat={fixed2} />
        {bins.map((b, i) => {
          const h = scale(b.count, [0, top], [0, f.bottom - f.top]);
          return <rect key={i} x={f1(f.left + i * slot + slot * 0.1)} y={f1(f.bottom - h)} width={f1(slot * 0.8)} height={f1(h)} fill={fill} />;
        })}
        {index !== null && (
          <rect className="plot-readout-marks" pointerEvents="none" x={f1(f.left + index * slot)} y={f.top} width={f1(slot)} height={f.bottom - f.top} fill="var(--fg-muted)" fillOpacity={0.15} />
        )}
      </svg>
      <PlotReadout at={index === null ? null : centres[index]} width={width} title={title} rows={rows} />
    </div>
  );
});
