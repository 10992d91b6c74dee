// Accuracy over steps of every run on one split, overlaid, with the zero-shot level as a reference line.
// Redraws only when a run's evaluations change (not with its state or checkpoints), in its turn
// (render-queue.ts); while a run trains it is a plain SVG (LivePlot.tsx), the recharts chart with its grid and
// tooltip comes back when the run ends.
import { memo, useMemo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { SplitName } from '../../protocol/train-types';
import { isLive } from '../../store/runs-slice';
import { ChartBox } from '../charts/ChartBox';
import { roundTicks } from '../charts/chart-data';
import { LEGEND_HEIGHT, LiveLines } from '../charts/LivePlot';
import { axisTick, DATA_DOMAIN, LEGEND_STYLE, MARGIN, pctTick, pctValue, stepLabel, TOOLTIP_STYLE, UNIT_DOMAIN, UNIT_TICKS, X_AXIS_HEIGHT, xLabel, Y_AXIS_WIDTH, yLabel } from '../charts/chart-style';
import { STEP_AXIS } from '../charts/chart-words';
import { colourOf } from '../charts/palette';
import { SelectField } from '../common/Field';
import { useTurn } from '../common/render-queue';
import { useApp, useAppShallow } from '../common/studio-context';
import { CALM_MS, useCalm } from '../common/use-calm';

interface Curves {
  lines: { id: string; label: string; data: { step: number; accuracy: number }[] }[];
  zeroShot: number | undefined;
}

const HEIGHT = 220;
const REFERENCE_LABEL = { value: 'zero-shot', fontSize: 10, fill: 'var(--fg-muted)' };

export const RunCurves = memo(function RunCurves({ splits: splitKey }: { splits: string }) {
  const splits = useMemo(() => (splitKey ? (splitKey.split(',') as SplitName[]) : []), [splitKey]);
  const [picked, setPicked] = useState<SplitName | null>(null);
  const split = picked && splits.includes(picked) ? picked : (splits.find((s) => s !== 'train') ?? splits[0]);
  const ids = useAppShallow((s) => s.runOrder);
  const labels = useAppShallow((s) => s.runOrder.map((id) => s.runs[id].label));
  const live = useApp((s) => s.runOrder.some((id) => isLive(s.runs[id].state)));
  // Keyed by run, so a run added or removed while the evaluations wait their turn never reads another's.
  const evals = useCalm(useAppShallow((s) => Object.fromEntries(s.runOrder.map((id) => [id, s.runs[id].evals]))), live, CALM_MS);
  const zeroShot = useApp((s) => s.promptCheck?.zeroShot ?? null);
  const curves = useMemo((): Curves | null => {
    if (!split) return null;
    const lines = ids
      .map((id, i) => ({
        id,
        label: labels[i],
        data: (evals[id] ?? []).flatMap((e) => {
          const s = e.splits.find((x) => x.split === split);
          return s ? [{ step: e.step, accuracy: s.accuracy }] : [];
        }),
      }))
      .filter((l) => l.data.length > 0);
    return lines.length > 0 ? { lines, zeroShot: zeroShot?.splits.find((s) => s.split === split)?.accuracy } : null;
  }, [split, ids, labels, evals, zeroShot]);
  const shown = useTurn(useMemo(() => ({ curves, live }), [curves, live]));
  if (!split || !curves) return null;
  return (
    <div>
      <SelectField label="Curves on split" value={split} options={splits} onChange={setPicked} />
      <ChartBox title={`Accuracy on ${split} per run`} height={HEIGHT} live={shown?.live}>
        {(width) => shown?.curves && <CurvesChart width={width} curves={shown.curves} live={shown.live} />}
      </ChartBox>
    </div>
  );
});

const CurvesChart = memo(function CurvesChart({ width, curves: { lines, zeroShot }, live }: { width: number; curves: Curves; live: boolean }) {
  const xTicks = useMemo(() => {
    if (live) return [];
    const steps = lines.flatMap((l) => l.data.map((d) => d.step));
    return roundTicks(Math.min(...steps), Math.max(...steps), 5, true);
  }, [lines, live]);
  const series = useMemo(() => (live ? lines.map((l, i) => ({ name: l.label, colour: colourOf(i), points: l.data.map((d) => ({ x: d.step, y: d.accuracy })) })) : []), [lines, live]);
  if (live) {
    const reference = zeroShot === undefined ? undefined : { y: zeroShot, label: 'zero-shot' };
    return <LiveLines width={width} height={HEIGHT - LEGEND_HEIGHT} series={series} xTitle={STEP_AXIS} yTitle="accuracy (%)" reference={reference} />;
  }
  return (
    <LineChart width={width} height={HEIGHT} margin={MARGIN}>
      <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
      <XAxis dataKey="step" type="number" domain={DATA_DOMAIN} ticks={xTicks} niceTicks="none" interval={0} allowDuplicatedCategory={false} tick={axisTick} stroke="var(--fg-muted)" height={X_AXIS_HEIGHT} label={xLabel(STEP_AXIS)} />
      <YAxis width={Y_AXIS_WIDTH} label={yLabel('accuracy (%)')} domain={UNIT_DOMAIN} ticks={UNIT_TICKS} niceTicks="none" interval={0} tickFormatter={pctTick} tick={axisTick} stroke="var(--fg-muted)" />
      <Tooltip formatter={pctValue} labelFormatter={stepLabel} contentStyle={TOOLTIP_STYLE} />
      <Legend wrapperStyle={LEGEND_STYLE} />
      {zeroShot !== undefined && <ReferenceLine y={zeroShot} stroke="var(--fg-muted)" strokeDasharray="4 3" label={REFERENCE_LABEL} />}
      {lines.map((l, i) => (
        <Line key={l.id} data={l.data} dataKey="accuracy" name={l.label} stroke={colourOf(i)} isAnimationActive={false} />
      ))}
    </LineChart>
  );
});
