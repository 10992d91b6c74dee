// Accuracy over steps of every run on one split, overlaid, with the zero-shot level as a reference line.
// Redraws only when a run's evaluations change (not with its state or checkpoints), in its turn
// (render-queue.ts).
import { memo, useMemo, useState } from 'react';
import type { SplitName } from '../../protocol/train-types';
import { isLive } from '../../store/runs-slice';
import { ChartBox } from '../charts/ChartBox';
import { LinesPlot } from '../charts/LinesPlot';
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
const MAX_DOTS = 30;

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
  const shown = useTurn(curves);
  if (!split || !curves) return null;
  return (
    <div>
      <SelectField label="Curves on split" value={split} options={splits} onChange={setPicked} />
      <ChartBox title={`Accuracy on ${split} per run`} height={HEIGHT} live={live}>
        {(width) => shown && <CurvesChart width={width} curves={shown} />}
      </ChartBox>
    </div>
  );
});

const CurvesChart = memo(function CurvesChart({ width, curves: { lines, zeroShot } }: { width: number; curves: Curves }) {
  const series = useMemo(() => lines.map((l, i) => ({ name: l.label, colour: colourOf(i), points: l.data.map((d) => ({ x: d.step, y: d.accuracy })) })), [lines]);
  const reference = useMemo(() => (zeroShot === undefined ? undefined : { y: zeroShot, label: 'zero-shot' }), [zeroShot]);
  return <LinesPlot width={width} height={HEIGHT} series={series} xTitle={STEP_AXIS} yTitle="accuracy (%)" y="percent" legend reference={reference} dotsUpTo={MAX_DOTS} />;
});
