// WiSE-FT and output-ensemble sweeps of one run. Both are drawn against the weight on the fine-tuned model:
// WiSE-FT mixes (1-a) theta_zs + a theta_ft (x = a); the ensemble (1-a) z_ft + a z_zs (x = 1 - a).
import { memo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { SPLITS, type SplitName } from '../../protocol/train-types';
import { ChartBox } from '../charts/ChartBox';
import { axisTick, LEGEND_STYLE, MARGIN, pctTick, pctValue, TOOLTIP_STYLE, UNIT_DOMAIN, UNIT_TICKS, X_AXIS_HEIGHT, xLabel, Y_AXIS_WIDTH, yLabel } from '../charts/chart-style';
import { CHART_WORDS } from '../charts/chart-words';
import { PALETTE } from '../charts/palette';
import { ProgressView } from '../common/ProgressView';
import { useApp, useBridge } from '../common/studio-context';
import { isImportedRun } from '../../store/run-import';
import { Term } from '../glossary/Term';

/** WiSE-FT lines in the blues and greens, ensemble lines in the oranges and reds: the two never share a colour. */
const WISE_COLOURS = [PALETTE[0], PALETTE[4], PALETTE[3], PALETTE[6]];
const ENSEMBLE_COLOURS = [PALETTE[1], PALETTE[2], PALETTE[8], PALETTE[7]];
export function sweepColour(key: string): string {
  const split = SPLITS.indexOf(key.split(' ').pop() as SplitName);
  const table = key.startsWith('ensemble') ? ENSEMBLE_COLOURS : WISE_COLOURS;
  return table[Math.max(0, split) % table.length];
}
const SWEEP_X_TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];
const fineTunedWeight = (x: unknown) => `weight on the fine-tuned model ${x}`;

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
  const progress = useApp((s) => (busy && s.activity?.phase === 'sweep' ? s.activity : null));
  const alphas = parseAlphas(text);
  const sweep = run?.sweep;
  const rows = sweep ? sweepRows(sweep.wise, sweep.ensemble) : [];
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => k !== 'x').sort();
  return (
    <div className="sweep">
      {isImportedRun(runId) ? (
        <p className="muted">Swept by train.py --sweep where this run was trained.</p>
      ) : (
        <>
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
          <p className="muted small">
            Blends the zero-shot and the fine-tuned model two ways: <Term id="wise-ft" /> mixes their weights, the <Term id="ensemble" /> mixes their answers.
          </p>
          {busy && (progress ? <ProgressView progress={progress} label="Sweep progress" /> : <p className="muted" aria-live="polite">Scoring the output ensemble…</p>)}
        </>
      )}
      {rows.length > 0 && (
        <ChartBox title={`${CHART_WORDS.sweep.plain} (${run.label})`} plain={CHART_WORDS.sweep.plain} symbol={CHART_WORDS.sweep.symbol} term="wise-ft" note={run.label}>
          {(width) => (
            <LineChart width={width} height={260} data={rows} margin={MARGIN}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
              <XAxis dataKey="x" type="number" domain={UNIT_DOMAIN} ticks={SWEEP_X_TICKS} interval={0} tick={axisTick} stroke="var(--fg-muted)" height={X_AXIS_HEIGHT} label={xLabel(CHART_WORDS.sweep.x)} />
              <YAxis width={Y_AXIS_WIDTH} domain={UNIT_DOMAIN} ticks={UNIT_TICKS} interval={0} tickFormatter={pctTick} tick={axisTick} stroke="var(--fg-muted)" label={yLabel(CHART_WORDS.sweep.y)} />
              <Tooltip formatter={pctValue} labelFormatter={fineTunedWeight} contentStyle={TOOLTIP_STYLE} />
              <Legend wrapperStyle={LEGEND_STYLE} />
              {keys.map((k) => (
                <Line key={k} dataKey={k} name={k} stroke={sweepColour(k)} strokeDasharray={k.startsWith('ensemble') ? '4 3' : undefined} isAnimationActive={false} connectNulls />
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
