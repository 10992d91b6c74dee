// Distribution of the ProReg weight w over this epoch's samples. Redraws when its bins change, in its turn;
// while the run trains it is plain SVG bars (LivePlot.tsx), the recharts chart when it ends.
import { memo, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { useTurn } from '../common/render-queue';
import { ChartBox } from './ChartBox';
import { LiveBars } from './LivePlot';
import { histogram, roundTicks } from './chart-data';
import { axisTick, MARGIN, TOOLTIP_STYLE, X_AXIS_HEIGHT, xLabel, Y_AXIS_WIDTH, yLabel } from './chart-style';
import { CHART_WORDS, titleOf } from './chart-words';

export type Bins = ReturnType<typeof histogram>;
const HEIGHT = 200;
const binLabel = (b: unknown) => `w ≥ ${b}`;
const FILL = '#59a14f';

export function WeightHistogram({ w, count, live }: { w: Float32Array; count: number; live: boolean }) {
  const bins = useMemo(() => histogram(w, count), [w, count]);
  const shown = useTurn(useMemo(() => ({ bins, live }), [bins, live]));
  return (
    <ChartBox title={titleOf(CHART_WORDS.wHistogram)} plain={CHART_WORDS.wHistogram.plain} symbol="w" term="w" note={`${count} samples this epoch`} height={HEIGHT} live={shown?.live}>
      {(width) => shown && <Bars width={width} bins={shown.bins} live={shown.live} />}
    </ChartBox>
  );
}

export const Bars = memo(function Bars({ width, bins, live }: { width: number; bins: Bins; live: boolean }) {
  const yTicks = useMemo(() => roundTicks(0, Math.max(1, ...bins.map((b) => b.count)), 5, true), [bins]);
  if (live) return <LiveBars width={width} height={HEIGHT} bins={bins} fill={FILL} xTitle={CHART_WORDS.wHistogram.x} yTitle={CHART_WORDS.wHistogram.y} />;
  return (
    <BarChart width={width} height={HEIGHT} data={bins} margin={MARGIN}>
      {!live && <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />}
      {/* a label every 0.2: a fixed interval spares recharts measuring every label to thin them out */}
      <XAxis dataKey="bin" interval={3} tick={axisTick} stroke="var(--fg-muted)" height={X_AXIS_HEIGHT} label={xLabel(CHART_WORDS.wHistogram.x)} />
      <YAxis width={Y_AXIS_WIDTH} label={yLabel(CHART_WORDS.wHistogram.y)} domain={[0, yTicks[yTicks.length - 1]]} ticks={yTicks} niceTicks="none" interval={0} tick={axisTick} stroke="var(--fg-muted)" />
      {!live && <Tooltip labelFormatter={binLabel} contentStyle={TOOLTIP_STYLE} />}
      <Bar dataKey="count" name="samples" fill={FILL} isAnimationActive={false} />
    </BarChart>
  );
});
