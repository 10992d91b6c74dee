// Per-step means of every loss part, one small chart per name the loss reports (a new term needs no change).
// Each chart redraws only when its own points change, and takes its turn (render-queue.ts) so that a step
// never redraws all of them in one task. While the run trains each is a plain SVG line (LivePlot.tsx); the
// recharts chart, with its grid and tooltip, comes back (in turn) when the run ends.
import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { num } from '../common/format';
import { useTurn } from '../common/render-queue';
import { ChartBox } from './ChartBox';
import { LiveLine } from './LivePlot';
import { roundTicks } from './chart-data';
import { AUTO_DOMAIN, axisTick, DATA_DOMAIN, MARGIN, numTick, numValue, stepLabel, TOOLTIP_STYLE, UNIT_DOMAIN, X_AXIS_HEIGHT, xLabel, Y_AXIS_WIDTH, yLabel } from './chart-style';
import { partWords, STEP_AXIS, titleOf } from './chart-words';
import { partColour } from './palette';

type Point = { x: number; y: number };
const HEIGHT = 160;

export function PartCharts({ lines, live }: { lines: { name: string; points: Point[] }[]; live: boolean }) {
  if (lines.length === 0) return <p className="empty">The training error, the distance from the prompt and the trust in the prompt appear here as soon as training steps arrive.</p>;
  return (
    <div className="small-multiples">
      {lines.map(({ name, points }, i) => <PartChart key={name} name={name} points={points} colour={partColour(name, i)} live={live} />)}
    </div>
  );
}

const PartChart = memo(function PartChart({ name, points, colour, live }: { name: string; points: Point[]; colour: string; live: boolean }) {
  const shown = useTurn(useMemo(() => ({ points, live }), [points, live]));
  const last = shown?.points[shown.points.length - 1];
  const words = partWords(name);
  return (
    <ChartBox
      title={titleOf(words)} plain={words.plain} symbol={words.symbol} term={words.term}
      note={last ? `${num(last.y)} at step ${last.x}` : undefined} fallbackWidth={260} height={HEIGHT} live={shown?.live}
    >
      {(width) => shown && <PartLine width={width} name={name} points={shown.points} colour={colour} live={shown.live} />}
    </ChartBox>
  );
});

export const PartLine = memo(function PartLine({ width, name, points, colour, live }: { width: number; name: string; points: Point[]; colour: string; live: boolean }) {
  const xTicks = useMemo(() => (points.length && !live ? roundTicks(points[0].x, points[points.length - 1].x, 5, true) : []), [points, live]);
  const unit = name === 'w' || name === 'ps' || name === 'pt';
  if (live) return <LiveLine width={width} height={HEIGHT} points={points} colour={colour} unit={unit} xTitle={STEP_AXIS} yTitle={partWords(name).y} />;
  return (
    <LineChart width={width} height={HEIGHT} data={points} margin={MARGIN}>
      {!live && <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />}
      <XAxis dataKey="x" type="number" domain={DATA_DOMAIN} ticks={xTicks} niceTicks="none" interval={0} tick={axisTick} stroke="var(--fg-muted)" height={X_AXIS_HEIGHT} label={xLabel(STEP_AXIS)} />
      <YAxis width={Y_AXIS_WIDTH} niceTicks="none" interval={0} tick={axisTick} stroke="var(--fg-muted)" tickFormatter={numTick} domain={unit ? UNIT_DOMAIN : AUTO_DOMAIN} label={yLabel(partWords(name).y)} />
      {!live && <Tooltip formatter={numValue} labelFormatter={stepLabel} contentStyle={TOOLTIP_STYLE} />}
      {/* straight segments between measured points: a smoothed curve overshoots (negative losses, peaks never seen) */}
      <Line type="linear" dataKey="y" name={name} stroke={colour} dot={false} isAnimationActive={false} strokeWidth={1.5} />
    </LineChart>
  );
});
