// Sortable table of the samples a run has seen: w, ce, kl, zero-shot and fine-tuned p(y), their disagreement.
// While the run trains, new values reach the table in its turn (render-queue.ts); sorting applies at once.
import { memo, useMemo, useState } from 'react';
import { isLive } from '../../store/runs-slice';
import { num } from '../common/format';
import { useTurn } from '../common/render-queue';
import { useApp, useAppShallow, useMetricsFrame } from '../common/studio-context';
import { CALM_MS } from '../common/use-calm';
import { sampleRows, type SampleRow, type SortKey } from './sample-rows';

const COLUMNS: { key: SortKey; label: string; title: string }[] = [
  { key: 'w', label: 'w', title: 'ProReg weight: how much the sample trusts the prompt' },
  { key: 'ce', label: 'ce', title: 'cross-entropy of the fine-tuned model' },
  { key: 'kl', label: 'kl', title: 'KL(teacher || student)' },
  { key: 'pt', label: 'zero-shot p(y)', title: 'zero-shot probability of the label' },
  { key: 'ps', label: 'fine-tuned p(y)', title: 'fine-tuned probability of the label' },
  { key: 'disagree', label: 'disagreement', title: 'zero-shot p(y) minus fine-tuned p(y)' },
];
const PAGE = 100;

export const SampleTable = memo(function SampleTable({ runId }: { runId: string }) {
  const live = useApp((s) => isLive(s.runs[runId]?.state));
  // While the run trains the rows re-sort and move: a few times a minute is what a person can follow.
  const { metrics, version } = useMetricsFrame(live ? CALM_MS : 1000);
  const latest = metrics.runs[runId]?.latest;
  const shownVersion = useTurn(version, live);
  const { samples, classes } = useAppShallow((s) => ({ samples: s.samples, classes: s.classes }));
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'w', desc: true });
  const [classFilter, setClassFilter] = useState(-1);
  const [limit, setLimit] = useState(PAGE);
  const rows = useMemo(
    () => sampleRows(latest, samples, sort.key, sort.desc, classFilter),
    [latest, samples, sort, classFilter, shownVersion],
  );
  if (rows.length === 0 && classFilter < 0) return <p className="empty">Per-sample values appear once the run has taken a step.</p>;
  return (
    <div>
      <div className="row wrap">
        <label>
          Class{' '}
          <select value={classFilter} onChange={(e) => setClassFilter(Number(e.currentTarget.value))}>
            <option value={-1}>all classes</option>
            {classes.map((c, i) => <option key={c} value={i}>{c}</option>)}
          </select>
        </label>
        <span className="muted">{rows.length.toLocaleString()} samples seen</span>
      </div>
      <div className="table-scroll">
        <table className="compact samples" aria-label="Samples">
          <thead>
            <tr>
              <th scope="col">Image</th>
              <th scope="col">Label</th>
              {COLUMNS.map((c) => (
                <th key={c.key} scope="col" className="num" aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                  <button type="button" className="link" title={c.title} onClick={() => setSort((s) => ({ key: c.key, desc: s.key === c.key ? !s.desc : true }))}>
                    {c.label}{sort.key === c.key ? (sort.desc ? ' ▼' : ' ▲') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <SampleRows rows={rows} limit={limit} runId={runId} />
        </table>
      </div>
      {rows.length > limit && <button type="button" className="secondary" onClick={() => setLimit((l) => l + PAGE)}>Show {Math.min(PAGE, rows.length - limit)} more</button>}
    </div>
  );
});

/** The rows: memoised, so a new metrics frame re-renders them only when the table's turn brings new values. */
const SampleRows = memo(function SampleRows({ rows, limit, runId }: { rows: SampleRow[]; limit: number; runId: string }) {
  const classes = useApp((s) => s.classes);
  const thumbs = useApp((s) => s.thumbs);
  const select = useApp((s) => s.selectSample);
  return (
    <tbody>
      {rows.slice(0, limit).map((r) => (
        <tr key={r.sample.id}>
          <td>
            <button type="button" className="thumb-button" aria-label={`Inspect ${r.sample.path}`} onClick={() => select(r.sample.id, runId)}>
              {thumbs[r.sample.path] ? <img src={thumbs[r.sample.path]} alt="" loading="lazy" /> : <span>#{r.sample.id}</span>}
            </button>
          </td>
          <td>{classes[r.sample.label]}{r.sample.group ? <span className="muted small"> · {r.sample.group}</span> : null}</td>
          {COLUMNS.map((c) => <td key={c.key} className="num">{num(r[c.key])}</td>)}
        </tr>
      ))}
    </tbody>
  );
});
