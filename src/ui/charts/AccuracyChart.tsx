// Accuracy per split (and worst group) at each evaluation of a run. Redraws when an evaluation arrives, in its
// turn; while the run trains it is a plain SVG (LivePlot.tsx: a recharts redraw with its dots took up to 84 ms
// of CPU in one task in the training-ui bench), and the recharts chart, with its grid, dots and tooltip, comes
// back when the run ends.
import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { EvalResult } from '../../protocol/train-types';
import { useTurn } from '../common/render-queue';
import { accuracyRows, roundTicks } from './chart-data';
import { ChartBox } from './ChartBox';
import { LEGEND_HEIGHT, LiveLines } from './LivePlot';
import { axisTick, DATA_DOMAIN, LEGEND_STYLE, MARGIN, pctTick, pctValue, stepLabel, TOOLTIP_STYLE, UNIT_DOMAIN, UNIT_TICKS, X_AXIS_HEIGHT, xLabel, Y_AXIS_WIDTH, yLabel } from './chart-style';
import { CHART_WORDS } from './chart-words';
import { colourOf } from './palette';

export type Rows = ReturnType<typeof accuracyRows>;
const HEIGHT = 220;
const MAX_DOTS = 30;

export function AccuracyChart({ evals, live, title = 'Accuracy per split' }: { evals: EvalResult[]; live: boolean; title?: string }) {
  const data = useMemo(() => accuracyRows(evals), [evals]);
  const shown = useTurn(useMemo(() => ({ data, live }), [data, live]));
  if (data.rows.length === 0) return <p className="empty">Accuracy per split appears after the first evaluation.</p>;
  return (
    <ChartBox title={title} note={`${data.rows.length} evaluations`} height={HEIGHT} live={shown?.live}>
      {(width) => shown && shown.data.rows.length > 0 && <AccuracyLines width={width} data={shown.data} live={shown.live} />}
    </ChartBox>
  );
}

export const AccuracyLines = memo(function AccuracyLines({ width, data: { rows, splits }, live }: { width: number; data: Rows; live: boolean }) {
  const xTicks = useMemo(() => (rows.length && !live ? roundTicks(rows[0].step, rows[rows.length - 1].step, 5, true) : []), [rows, live]);
  const series = useMemo(() => (live ? splits.map((s, i) => ({
    name: s, colour: colourOf(i), dashed: s.includes('worst'),
    points: rows.flatMap((r) => (r[s] === undefined ? [] : [{ x: r.step, y: r[s] }])),
  })) : []), [rows, splits, live]);
  // A dot per evaluation while they are few enough to tell apart, and always for a split measured once (its
  // only mark); past that the line alone (each dot is a component of its own, a visible share of the chart's
  // final drawing in the training-ui bench's profile).
  const dots = useMemo(() => new Set(splits.filter((s) => rows.length <= MAX_DOTS || rows.filter((r) => r[s] !== undefined).length === 1)), [rows, splits]);
  if (live) return <LiveLines width={width} height={HEIGHT - LEGEND_HEIGHT} series={series} xTitle={CHART_WORDS.accuracy.x} yTitle={CHART_WORDS.accuracy.y} />;
  return (
    <LineChart width={width} height={HEIGHT} data={rows} margin={MARGIN}>
      <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
      <XAxis dataKey="step" type="number" domain={DATA_DOMAIN} ticks={xTicks} niceTicks="none" interval={0} tick={axisTick} stroke="var(--fg-muted)" height={X_AXIS_HEIGHT} label={xLabel(CHART_WORDS.accuracy.x)} />
      <YAxis width={Y_AXIS_WIDTH} label={yLabel(CHART_WORDS.accuracy.y)} domain={UNIT_DOMAIN} ticks={UNIT_TICKS} niceTicks="none" interval={0} tickFormatter={pctTick} tick={axisTick} stroke="var(--fg-muted)" />
      <Tooltip formatter={pctValue} labelFormatter={stepLabel} contentStyle={TOOLTIP_STYLE} />
      <Legend wrapperStyle={LEGEND_STYLE} />
      {splits.map((s, i) => (
        <Line key={s} dataKey={s} name={s} stroke={colourOf(i)} strokeDasharray={s.includes('worst') ? '4 3' : undefined} dot={dots.has(s)} isAnimationActive={false} connectNulls />
      ))}
    </LineChart>
  );
});
