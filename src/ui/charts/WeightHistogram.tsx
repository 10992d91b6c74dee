// Distribution of the ProReg weight w over this epoch's samples.
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartBox } from './ChartBox';
import { histogram } from './chart-data';

export function WeightHistogram({ w, count }: { w: Float32Array; count: number }) {
  const bins = histogram(w, count);
  return (
    <ChartBox title="Histogram of w" note={`${count} samples this epoch`}>
      {(width) => (
        <BarChart width={width} height={200} data={bins} margin={{ top: 6, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis dataKey="bin" tick={{ fontSize: 10 }} stroke="var(--fg-muted)" />
          <YAxis width={40} allowDecimals={false} tick={{ fontSize: 10 }} stroke="var(--fg-muted)" />
          <Tooltip labelFormatter={(b) => `w ≥ ${b}`} contentStyle={{ background: 'var(--bg-raised)', border: '1px solid var(--border)' }} />
          <Bar dataKey="count" name="samples" fill="#59a14f" isAnimationActive={false} />
        </BarChart>
      )}
    </ChartBox>
  );
}
