// Comparison: every run on the same data side by side with the zero-shot prompts as the baseline row, their
// accuracy curves, and the WiSE-FT / output-ensemble sweep of a run.
import { useState } from 'react';
import { SPLITS, type EvalResult, type SplitName } from '../../protocol/train-types';
import { headlineEval } from '../../store/runs-slice';
import { isImportedRun } from '../../store/run-import';
import { Panel } from '../common/Panel';
import { pct } from '../common/format';
import { useAppShallow } from '../common/studio-context';
import { LastLoss } from './LastLoss';
import { RunCurves } from './RunCurves';
import { SweepView } from './SweepView';

interface Row {
  id: string | null;
  label: string;
  detail: string;
  result: EvalResult | null;
}

export function ComparisonPanel() {
  const { runOrder, runs, zeroShot } = useAppShallow((s) => ({ runOrder: s.runOrder, runs: s.runs, zeroShot: s.promptCheck?.zeroShot ?? null }));
  const [sweepRun, setSweepRun] = useState<string | null>(null);
  const rows: Row[] = [
    ...(zeroShot ? [{ id: null, label: 'zero-shot prompts', detail: 'baseline', result: zeroShot }] : []),
    ...runOrder.map((id) => {
      const r = runs[id];
      return { id, label: r.label, detail: r.state, result: headlineEval(r) };
    }),
  ];
  const present = SPLITS.filter((sp) => rows.some((r) => r.result?.splits.some((s) => s.split === sp)));
  const hasGroups = rows.some((r) => r.result?.splits.some((s) => s.worstGroup));
  const best = bestPerSplit(rows, present);
  // Sweeps need the engine's weights and logits: a run imported from elsewhere shows the sweep it brought.
  const chosen = sweepRun ?? runOrder.find((id) => runs[id].state === 'done' && !isImportedRun(id)) ?? null;

  return (
    <Panel name="Comparison" wide>
      {rows.length === 0 ? (
        <p className="empty">Runs on the same data line up here, with the zero-shot prompts as the baseline.</p>
      ) : (
        <div className="table-scroll">
          <table className="compact" aria-label="Runs compared">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">State</th>
                {present.map((sp) => <th key={sp} scope="col" className="num">{sp}</th>)}
                {hasGroups && present.map((sp) => <th key={`wg-${sp}`} scope="col" className="num">worst group {sp}</th>)}
                <th scope="col" className="num" title="the training loss of the run's last step">last loss</th>
                <th scope="col"><span className="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id ?? 'zero-shot'} className={r.id === null ? 'baseline' : undefined}>
                  <th scope="row">{r.label}</th>
                  <td className="muted">{r.detail}</td>
                  {present.map((sp) => {
                    const s = r.result?.splits.find((x) => x.split === sp);
                    const delta = s && rows[0].id === null && r.id !== null ? s.accuracy - (rows[0].result?.splits.find((x) => x.split === sp)?.accuracy ?? NaN) : NaN;
                    return (
                      <td key={sp} className={s && best[sp] === s.accuracy ? 'num best' : 'num'}>
                        {pct(s?.accuracy)}
                        {Number.isFinite(delta) && <span className={delta >= 0 ? 'small up' : 'small down'}> {delta >= 0 ? '+' : ''}{(delta * 100).toFixed(1)}</span>}
                      </td>
                    );
                  })}
                  {hasGroups && present.map((sp) => {
                    const wg = r.result?.splits.find((x) => x.split === sp)?.worstGroup;
                    return <td key={`wg-${sp}`} className="num" title={wg?.group}>{wg ? `${pct(wg.accuracy)} (${wg.group})` : '–'}</td>;
                  })}
                  <td className="num">{r.id ? <LastLoss runId={r.id} /> : '–'}</td>
                  <td>
                    {r.id && runs[r.id].state === 'done' && (!isImportedRun(r.id) || runs[r.id].sweep) && (
                      <button type="button" className="link" aria-label={`Sweep ${r.label}`} onClick={() => setSweepRun(r.id)}>Sweep</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <RunCurves splits={present.join(',')} />
      {chosen && <SweepView runId={chosen} />}
    </Panel>
  );
}

function bestPerSplit(rows: Row[], splits: readonly SplitName[]): Partial<Record<SplitName, number>> {
  const out: Partial<Record<SplitName, number>> = {};
  for (const sp of splits) {
    for (const r of rows) {
      const a = r.result?.splits.find((s) => s.split === sp)?.accuracy;
      if (a !== undefined && (out[sp] === undefined || a > out[sp]!)) out[sp] = a;
    }
  }
  return out;
}
