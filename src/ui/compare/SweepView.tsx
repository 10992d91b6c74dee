// WiSE-FT and output-ensemble sweeps of one run. Both are drawn against the weight on the fine-tuned model:
// WiSE-FT mixes (1-a) theta_zs + a theta_ft (x = a); the ensemble (1-a) z_ft + a z_zs (x = 1 - a).
import { memo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { SPLITS, type SplitName } from '../../protocol/train-types';
import { ChartBox } from '../charts/ChartBox';
import { colourOf } from '../charts/palette';
import { pct } from '../common/format';
import { useApp, useBridge } from '../common/studio-context';
import { isImportedRun } from '../../store/run-import';

const DEFAULT_ALPHAS = '0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1';

export function parseAlphas(text: string): number[] | null {
  const xs = text.split(/[\s,]+/).filter(Boolean).map(Number);
  return xs.length > 0 && xs.every((x) => Number.isFinite(x) && x >= 0 && x <= 1) ? xs : null;
}

export const SweepView = memo(function SweepView({ runId }: { runId: string }) {
  const bridge = useBridge();
  const run = useApp((s) => s.runs[runId]);
  const [text, setText] = useState(DEFAULT_ALPHAS);
  const [busy, setBusy] = useState(false);
  const alphas = parseAlphas(text);
  const sweep = run?.sweep;
  const rows = sweep ? sweepRows(sweep.wise, sweep.ensemble) : [];
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => k !== 'x').sort();
  return (
    <div className="sweep">
      {isImportedRun(runId) ? (
        <p className="muted">Swept by train.py --sweep where this run was trained.</p>
      ) : (
        <form
          className="row wrap"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!alphas) return;
            setBusy(true);
            await bridge.sweep(runId, alphas);
            setBusy(false);
          }}
        >
          <div className="field grow">
            <label htmlFor="sweep-alphas">Sweep alphas</label>
            <input id="sweep-alphas" value={text} onChange={(e) => setText(e.currentTarget.value)} aria-invalid={!alphas} />
          </div>
          <button type="submit" disabled={!alphas || busy}>{busy ? 'Sweeping…' : `Run WiSE-FT and ensemble sweep on ${run?.label ?? runId}`}</button>
        </form>
      )}
      {rows.length > 0 && (
        <ChartBox title={`Alpha sweep of ${run.label}`} note="x = weight on the fine-tuned model (0 = zero-shot, 1 = fine-tuned)">
          {(width) => (
            <LineChart width={width} height={240} data={rows} margin={{ top: 6, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
              <XAxis dataKey="x" type="number" domain={[0, 1]} tick={{ fontSize: 10 }} stroke="var(--fg-muted)" />
              <YAxis width={44} domain={['auto', 'auto']} tickFormatter={(v: number) => pct(v, 0)} tick={{ fontSize: 10 }} stroke="var(--fg-muted)" />
              <Tooltip formatter={(v) => pct(Number(v))} labelFormatter={(x) => `fine-tuned weight ${x}`} contentStyle={{ background: 'var(--bg-raised)', border: '1px solid var(--border)' }} />
              <Legend wrapperStyle={{ fontSize: 11 }} />
              {keys.map((k) => (
                <Line key={k} dataKey={k} name={k} stroke={colourOf(SPLITS.indexOf(k.split(' ').pop() as SplitName))} strokeDasharray={k.startsWith('ensemble') ? '4 3' : undefined} isAnimationActive={false} connectNulls />
              ))}
            </LineChart>
          )}
        </ChartBox>
      )}
    </div>
  );
});

type Point = { alpha: number; accuracy: Partial<Record<SplitName, number>> };

/** Rows {x, 'WiSE-FT val': .., 'ensemble val': ..} keyed by the weight on the fine-tuned model. */
export function sweepRows(wise: Point[], ensemble: Point[]): Record<string, number>[] {
  const byX = new Map<number, Record<string, number>>();
  const put = (x: number, key: string, v: number | undefined) => {
    if (v === undefined) return;
    const k = Math.round(x * 1e6) / 1e6;
    const row = byX.get(k) ?? { x: k };
    row[key] = v;
    byX.set(k, row);
  };
  for (const p of wise) for (const [sp, a] of Object.entries(p.accuracy)) put(p.alpha, `WiSE-FT ${sp}`, a);
  for (const p of ensemble) for (const [sp, a] of Object.entries(p.accuracy)) put(1 - p.alpha, `ensemble ${sp}`, a);
  return [...byX.values()].sort((a, b) => a.x - b.x);
}
