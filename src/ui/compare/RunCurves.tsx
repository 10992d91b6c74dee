// Accuracy over steps of every run on one split, overlaid, with the zero-shot level as a reference line.
import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { SplitName } from '../../protocol/train-types';
import { ChartBox } from '../charts/ChartBox';
import { colourOf } from '../charts/palette';
import { SelectField } from '../common/Field';
import { pct } from '../common/format';
import { useAppShallow } from '../common/studio-context';

export function RunCurves({ splits }: { splits: SplitName[] }) {
  const [picked, setPicked] = useState<SplitName | null>(null);
  const split = picked && splits.includes(picked) ? picked : (splits.find((s) => s !== 'train') ?? splits[0]);
  const { runOrder, runs, zeroShot } = useAppShallow((s) => ({ runOrder: s.runOrder, runs: s.runs, zeroShot: s.promptCheck?.zeroShot ?? null }));
  if (!split) return null;
  const lines = runOrder
    .map((id) => ({
      id,
      label: runs[id].label,
      data: runs[id].evals.flatMap((e) => {
        const s = e.splits.find((x) => x.split === split);
        return s ? [{ step: e.step, accuracy: s.accuracy }] : [];
      }),
    }))
    .filter((l) => l.data.length > 0);
  if (lines.length === 0) return null;
  const zs = zeroShot?.splits.find((s) => s.split === split)?.accuracy;
  return (
    <div>
      <SelectField label="Curves on split" value={split} options={splits} onChange={setPicked} />
      <ChartBox title={`Accuracy on ${split} per run`}>
        {(width) => (
          <LineChart width={width} height={220} margin={{ top: 6, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDuplicatedCategory={false} tick={{ fontSize: 10 }} stroke="var(--fg-muted)" />
            <YAxis width={44} domain={[0, 1]} tickFormatter={(v: number) => pct(v, 0)} tick={{ fontSize: 10 }} stroke="var(--fg-muted)" />
            <Tooltip formatter={(v) => pct(Number(v))} labelFormatter={(x) => `step ${x}`} contentStyle={{ background: 'var(--bg-raised)', border: '1px solid var(--border)' }} />
            <Legend wrapperStyle={{ fontSize: 11 }} />
            {zs !== undefined && <ReferenceLine y={zs} stroke="var(--fg-muted)" strokeDasharray="4 3" label={{ value: 'zero-shot', fontSize: 10, fill: 'var(--fg-muted)' }} />}
            {lines.map((l, i) => (
              <Line key={l.id} data={l.data} dataKey="accuracy" name={l.label} stroke={colourOf(i)} isAnimationActive={false} />
            ))}
          </LineChart>
        )}
      </ChartBox>
    </div>
  );
}
