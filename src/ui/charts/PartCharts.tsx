// Per-step means of every loss part, one small chart per name the loss reports (a new term needs no change).
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { num } from '../common/format';
import { ChartBox } from './ChartBox';
import { partColour } from './palette';

export function PartCharts({ lines }: { lines: { name: string; points: { x: number; y: number }[] }[] }) {
  if (lines.length === 0) return <p className="empty">Per-step means of ce, kl and w appear here as soon as training steps arrive.</p>;
  return (
    <div className="small-multiples">
      {lines.map(({ name, points }, i) => {
        const last = points[points.length - 1];
        return (
          <ChartBox key={name} title={`mean ${name}`} note={last ? `${num(last.y)} at step ${last.x}` : undefined} fallbackWidth={260}>
            {(width) => (
              <LineChart width={width} height={140} data={points} margin={{ top: 6, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
                <XAxis dataKey="x" type="number" domain={['dataMin', 'dataMax']} tick={{ fontSize: 10 }} stroke="var(--fg-muted)" />
                <YAxis width={44} tick={{ fontSize: 10 }} stroke="var(--fg-muted)" tickFormatter={(v: number) => num(v, 2)} domain={name === 'w' ? [0, 1] : ['auto', 'auto']} />
                <Tooltip formatter={(v) => num(Number(v))} labelFormatter={(x) => `step ${x}`} contentStyle={{ background: 'var(--bg-raised)', border: '1px solid var(--border)' }} />
                <Line type="monotone" dataKey="y" name={name} stroke={partColour(name, i)} dot={false} isAnimationActive={false} strokeWidth={1.5} />
              </LineChart>
            )}
          </ChartBox>
        );
      })}
    </div>
  );
}
