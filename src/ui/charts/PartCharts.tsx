// Per-step means of every loss part, one small chart per name the loss reports (a new term needs no change).
// Each chart redraws only when its own points change, and takes its turn (render-queue.ts) so that a step
// never redraws all of them in one task.
import { memo, useMemo } from 'react';
import { num } from '../common/format';
import { useTurn } from '../common/render-queue';
import { ChartBox } from './ChartBox';
import { LinesPlot } from './LinesPlot';
import type { Point } from './plot-frame';
import { partWords, STEP_AXIS, titleOf } from './chart-words';
import { partColour } from './palette';

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
  const shown = useTurn(points);
  const last = shown?.[shown.length - 1];
  const words = partWords(name);
  return (
    <ChartBox
      title={titleOf(words)} plain={words.plain} symbol={words.symbol} term={words.term}
      note={last ? `${num(last.y)} at step ${last.x}` : undefined} fallbackWidth={260} height={HEIGHT} live={live}
    >
      {(width) => shown && <PartLine width={width} name={name} points={shown} colour={colour} />}
    </ChartBox>
  );
});

const PartLine = memo(function PartLine({ width, name, points, colour }: { width: number; name: string; points: Point[]; colour: string }) {
  const series = useMemo(() => [{ name: partWords(name).y, colour, points }], [name, colour, points]);
  const unit = name === 'w' || name === 'ps' || name === 'pt';
  return <LinesPlot width={width} height={HEIGHT} series={series} xTitle={STEP_AXIS} yTitle={partWords(name).y} y={unit ? 'unit' : 'auto'} />;
});
