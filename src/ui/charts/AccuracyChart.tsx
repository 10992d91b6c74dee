// Accuracy per split (and worst group) at each evaluation of a run: a line per split, a dot per evaluation
// while there are at most 30, a legend, and a readout of the values under the pointer. Redraws when an
// evaluation arrives, in its turn (render-queue.ts).
import { memo, useMemo } from 'react';
import type { EvalResult } from '../../protocol/train-types';
import { useTurn } from '../common/render-queue';
import { accuracyRows } from './chart-data';
import { ChartBox } from './ChartBox';
import { LinesPlot } from './LinesPlot';
import { CHART_WORDS } from './chart-words';
import { colourOf } from './palette';

export type Rows = ReturnType<typeof accuracyRows>;
const HEIGHT = 220;
const MAX_DOTS = 30;

export function AccuracyChart({ evals, live, title = 'Accuracy per split' }: { evals: EvalResult[]; live: boolean; title?: string }) {
  const data = useMemo(() => accuracyRows(evals), [evals]);
  const shown = useTurn(data);
  if (data.rows.length === 0) return <p className="empty">Accuracy per split appears after the first evaluation.</p>;
  return (
    <ChartBox title={title} note={`${data.rows.length} evaluations`} height={HEIGHT} live={live}>
      {(width) => shown && shown.rows.length > 0 && <AccuracyLines width={width} data={shown} />}
    </ChartBox>
  );
}

const AccuracyLines = memo(function AccuracyLines({ width, data: { rows, splits } }: { width: number; data: Rows }) {
  const series = useMemo(() => splits.map((s, i) => ({
    name: s, colour: colourOf(i), dashed: s.includes('worst'),
    points: rows.flatMap((r) => (r[s] === undefined ? [] : [{ x: r.step, y: r[s] }])),
  })), [rows, splits]);
  return <LinesPlot width={width} height={HEIGHT} series={series} xTitle={CHART_WORDS.accuracy.x} yTitle={CHART_WORDS.accuracy.y} y="percent" legend dotsUpTo={MAX_DOTS} />;
});
