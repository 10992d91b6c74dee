// Accuracy per split (and worst group) at each evaluation of a run.
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { EvalResult } from '../../protocol/train-types';
import { pct } from '../common/format';
import { accuracyRows } from './chart-data';
import { ChartBox } from './ChartBox';
import { colourOf } from './palette';

export function AccuracyChart({ evals, title = 'Accuracy per split' }: { evals: EvalResult[]; title?: string }) {
  const { rows, splits } = accuracyRows(evals);
  if (rows.length === 0) return <p className="empty">Accuracy per split appears after the first evaluation.</p>;
  return (
    <ChartBox title={title} note={`${rows.length} evaluations`}>
      {(width) => (
        <LineChart width={width} height={200} data={rows} margin={{ top: 6, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} tick={{ fontSize: 10 }} stroke="var(--fg-muted)" />
          <YAxis width={44} domain={[0, 1]} tickFormatter={(v: number) => pct(v, 0)} tick={{ fontSize: 10 }} stroke="var(--fg-muted)" />
          <Tooltip formatter={(v) => pct(Number(v))} labelFormatter={(x) => `step ${x}`} contentStyle={{ background: 'var(--bg-raised)', border: '1px solid var(--border)' }} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {splits.map((s, i) => (
            <Line key={s} dataKey={s} name={s} stroke={colourOf(i)} strokeDasharray={s.includes('worst') ? '4 3' : undefined} dot isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      )}
    </ChartBox>
  );
}
