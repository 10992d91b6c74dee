// The paper's comparison on the user's data: pick methods, press one button, and every method runs with
// the same data, splits, seed(s) and budget (the Training panel's configuration); the table shows ID, OOD,
// worst-group and per-group accuracy, mean ± spread over seeds, exportable as CSV, Markdown and LaTeX.
import { useState } from 'react';
import { BENCH_METHODS, benchQueue, benchResults, itemStatus, runBenchQueue } from '../../store/bench-runner';
import { methodRows, tableCells, toCsv, toLatex, toMarkdown } from '../../shared/method-table';
import { Panel } from '../common/Panel';
import { downloads } from '../common/download';
import { NumberField } from '../common/Field';
import { useApp, useAppShallow, useBridge, useStudio } from '../common/studio-context';

const DEFAULT_PICK = ['zero-shot', 'linear-probe', 'proreg', 'coop'];

export function BenchmarkPanel() {
  const studio = useStudio();
  const bridge = useBridge();
  // Runs matter only once something is queued: an empty table does not re-render with every run update.
  const s = useAppShallow((x) => ({ queue: x.benchQueue, active: x.benchActive, runs: x.benchQueue.length > 0 ? x.runs : null, config: x.trainConfig, setQueue: x.setBenchQueue }));
  const modelReady = useApp((x) => x.modelInfo !== null);
  const [picked, setPicked] = useState<string[]>(DEFAULT_PICK);
  const [seeds, setSeeds] = useState(1);
  const state = studio.store.getState();
  const statuses = s.queue.map((it) => itemStatus(state, it));
  const pending = statuses.some((st) => st !== 'done');
  const rows = s.runs ? methodRows(benchResults(state)) : [];
  const { header, body } = tableCells(rows);
  const run = () => void runBenchQueue(() => studio.store.getState(), bridge);
  const start = () => {
    const base = s.config;
    s.setQueue(benchQueue(base, BENCH_METHODS.filter((m) => picked.includes(m)), Array.from({ length: seeds }, (_, i) => base.seed + i)));
    run();
  };
  const save = (text: string, name: string, type: string) => downloads.save(new Blob([text], { type }), name);

  return (
    <Panel name="Benchmark" wide>
      <fieldset className="bench-pick" disabled={s.active}>
        <legend>Methods</legend>
        {BENCH_METHODS.map((m) => (
          <label key={m} className="check">
            <input type="checkbox" checked={picked.includes(m)} onChange={(e) => setPicked(e.currentTarget.checked ? [...picked, m] : picked.filter((x) => x !== m))} /> {m}
          </label>
        ))}
      </fieldset>
      <div className="row">
        <NumberField label="Seeds" value={seeds} min={1} step={1} onChange={(v) => setSeeds(Math.max(1, Math.round(v)))} hint="runs per method, seeds from the configuration's" />
        <button type="button" className="primary" disabled={s.active || !modelReady || picked.length === 0} onClick={start}>Run benchmark</button>
        {pending && !s.active && s.queue.length > 0 && <button type="button" onClick={run}>Continue benchmark</button>}
      </div>
      <p className="muted">Every method uses the Training panel's data, splits, epochs, batch and learning rates.</p>
      {s.queue.length > 0 && (
        <p aria-label="Benchmark progress">
          {statuses.filter((x) => x === 'done').length} of {s.queue.length} runs done
          {statuses.includes('interrupted') ? ' · one was interrupted: continue to resume it' : ''}
        </p>
      )}
      {rows.length > 0 && (
        <>
          <div className="table-scroll">
            <table className="compact" aria-label="Benchmark table">
              <thead>
                <tr>{header.map((h, i) => <th key={h} scope="col" className={i ? 'num' : undefined}>{h}</th>)}</tr>
              </thead>
              <tbody>
                {body.map((cells) => (
                  <tr key={cells[0]}>{cells.map((c, i) => (i === 0 ? <th key={i} scope="row">{c}</th> : <td key={i} className="num">{c}</td>))}</tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="row">
            <button type="button" onClick={() => save(toCsv(rows), 'benchmark.csv', 'text/csv')}>Export CSV</button>
            <button type="button" onClick={() => save(toMarkdown(rows), 'benchmark.md', 'text/markdown')}>Export Markdown</button>
            <button type="button" onClick={() => save(toLatex(rows), 'benchmark.tex', 'application/x-tex')}>Export LaTeX</button>
          </div>
        </>
      )}
    </Panel>
  );
}
