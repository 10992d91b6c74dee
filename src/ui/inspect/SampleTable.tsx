// Sortable table of the samples a run has seen: w, ce, kl, zero-shot and fine-tuned p(y), their disagreement.
// While the run trains, new values reach the table in its turn (render-queue.ts) but the rows stay where the
// last sort put them (samples seen since are added below): rows that jump every few seconds cannot be read,
// and moving them costs the page a layout and a paint of the whole table. "Sort again" (or a column) re-sorts
// at once; when the run ends the table follows its values again. Only the rows in view (and a few beyond)
// are in the page: a dataset of thousands scrolls as one table (aria-rowcount / aria-rowindex say where a row
// sits), and a step re-renders only the visible rows whose shown numbers changed.
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { memo, useMemo, useRef, useState, type RefObject } from 'react';
import { runKey } from '../../store/metrics-watch';
import { isLive } from '../../store/runs-slice';
import { BlobImage } from '../common/BlobImage';
import { formatInt, num } from '../common/format';
import { useTurn } from '../common/render-queue';
import { useApp, useAppShallow, useMetricsFrame } from '../common/studio-context';
import { CALM_MS } from '../common/use-calm';
import { useInView, WhileVisible } from '../common/while-visible';
import { inOrder, sampleRows, type SampleRow, type SortKey } from './sample-rows';

const COLUMNS: { key: SortKey; label: string; title: string }[] = [
  { key: 'w', label: 'w', title: 'ProReg weight: how much the sample trusts the prompt' },
  { key: 'ce', label: 'ce', title: 'cross-entropy of the fine-tuned model' },
  { key: 'kl', label: 'kl', title: 'KL(teacher || student)' },
  { key: 'pt', label: 'zero-shot p(y)', title: 'zero-shot probability of the label' },
  { key: 'ps', label: 'fine-tuned p(y)', title: 'fine-tuned probability of the label' },
  { key: 'disagree', label: 'disagreement', title: 'zero-shot p(y) minus fine-tuned p(y)' },
];
/** Every row's height (set in app.css: the 44 px thumbnail, the cell padding, one line of text), so no row is measured. */
const ROW_PX = 50;
/** The table's viewport while it has no layout (a panel not shown yet, a DOM without one): its first rows. */
const UNLAID = { width: 800, height: 512 };

export const SampleTable = memo(function SampleTable({ runId }: { runId: string }) {
  const live = useApp((s) => isLive(s.runs[runId]?.state));
  // While the run trains the rows re-sort and move: a few times a minute is what a person can follow.
  const { metrics, version } = useMetricsFrame(live ? CALM_MS : 1000, runKey(runId));
  const latest = metrics.runs[runId]?.latest;
  const shownVersion = useTurn(version, live);
  const { samples, classes } = useAppShallow((s) => ({ samples: s.samples, classes: s.classes }));
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'w', desc: true });
  const [classFilter, setClassFilter] = useState(-1);
  const scrollRef = useRef<HTMLDivElement>(null);
  const inView = useInView(scrollRef);
  const sorted = useMemo(
    () => sampleRows(latest, samples, sort.key, sort.desc, classFilter),
    [latest, samples, sort, classFilter, shownVersion],
  );
  // While live: the sample ids in the order of the last sort (null: sort at the next values).
  const [order, setOrder] = useState<{ ids: number[]; step: number | null } | null>(null);
  const step = live ? (metrics.runs[runId]?.lastStep?.step ?? null) : null;
  if (live && order === null && sorted.length > 0) setOrder({ ids: sorted.map((r) => r.sample.id), step });
  if (!live && order !== null) setOrder(null);
  const rows = useMemo(() => (live ? inOrder(sorted, order?.ids ?? null) : sorted), [live, sorted, order]);
  const unsorted = live && rows.some((r, i) => r !== sorted[i]);
  const sortBy = (key: SortKey) => {
    setSort((s) => ({ key, desc: s.key === key ? !s.desc : true }));
    setOrder(null);
  };
  if (rows.length === 0 && classFilter < 0) return <p className="empty">Per-sample values appear once the run has taken a step.</p>;
  return (
    <div>
      <div className="row wrap">
        <label>
          Class{' '}
          <select value={classFilter} onChange={(e) => {
            setClassFilter(Number(e.currentTarget.value));
            setOrder(null);
          }}>
            <option value={-1}>all classes</option>
            {classes.map((c, i) => <option key={c} value={i}>{c}</option>)}
          </select>
        </label>
        <span className="muted">{formatInt(rows.length)} samples seen</span>
        {unsorted && (
          <>
            <span className="muted small">{order?.step !== null && order?.step !== undefined ? `rows in the order of step ${order.step}` : 'rows in an earlier order'}</span>
            <button type="button" className="secondary" onClick={() => setOrder(null)}>Sort again</button>
          </>
        )}
      </div>
      <div className="table-scroll samples-scroll" ref={scrollRef}>
        <table className="compact samples" aria-label="Samples" aria-rowcount={rows.length + 1}>
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col">Image</th>
              <th scope="col">Label</th>
              {COLUMNS.map((c) => (
                <th key={c.key} scope="col" className="num" aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                  <button type="button" className="link" title={c.title} onClick={() => sortBy(c.key)}>
                    {c.label}{sort.key === c.key ? (sort.desc ? ' ▼' : ' ▲') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          {/* While the run trains and the table is out of view, the rows keep the values they showed (while-visible.tsx). */}
          <WhileVisible visible={inView || !live}><SampleRows rows={rows} runId={runId} scrollRef={scrollRef} /></WhileVisible>
        </table>
      </div>
    </div>
  );
});

/**
 * The rows in view, between two spacer rows that stand for the rest: memoised, so a new metrics frame
 * re-renders them only when the table's turn brings new values, and scrolling re-renders only this body.
 */
const SampleRows = memo(function SampleRows({ rows, runId, scrollRef }: { rows: SampleRow[]; runId: string; scrollRef: RefObject<HTMLDivElement | null> }) {
  const classes = useApp((s) => s.classes);
  const thumbs = useApp((s) => s.thumbs);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    getItemKey: (i) => rows[i].sample.id,
    overscan: 8,
    initialRect: UNLAID,
    observeElementRect: (instance, cb) => observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : UNLAID)),
  });
  const items = virtual.getVirtualItems();
  const before = items.length > 0 ? items[0].start : 0;
  const after = items.length > 0 ? virtual.getTotalSize() - items[items.length - 1].end : 0;
  return (
    <tbody>
      {before > 0 && <tr aria-hidden="true" className="spacer"><td colSpan={COLUMNS.length + 2} style={{ height: before }} /></tr>}
      {items.map((v) => {
        const r = rows[v.index];
        return (
          <Row
            key={v.key} index={v.index} row={r} cells={COLUMNS.map((c) => num(r[c.key])).join('\u0000')}
            label={classes[r.sample.label]} thumb={thumbs.get(r.sample.path)} runId={runId}
          />
        );
      })}
      {after > 0 && <tr aria-hidden="true" className="spacer"><td colSpan={COLUMNS.length + 2} style={{ height: after }} /></tr>}
    </tbody>
  );
});

interface RowProps {
  index: number;
  row: SampleRow;
  cells: string;
  label: string | undefined;
  thumb: Blob | undefined;
  runId: string;
}

/** One sample's row; re-renders only when its shown values (`cells`, the formatted numbers) or its place change. */
const Row = memo(function Row({ index, row, cells, label, thumb, runId }: RowProps) {
  const select = useApp((s) => s.selectSample);
  const { sample } = row;
  return (
    // aria-rowindex counts from 1, the header row.
    <tr aria-rowindex={index + 2}>
      <td>
        <button type="button" className="thumb-button" aria-label={`Inspect ${sample.path}`} onClick={() => select(sample.id, runId)}>
          <BlobImage blob={thumb} alt="" loading="lazy" fallback={<span>#{sample.id}</span>} />
        </button>
      </td>
      <td>{label}{sample.group ? <span className="muted small"> · {sample.group}</span> : null}</td>
      {cells.split('\u0000').map((text, i) => <td key={COLUMNS[i].key} className="num">{text}</td>)}
    </tr>
  );
}, (a, b) => a.index === b.index && a.cells === b.cells && a.label === b.label && a.thumb === b.thumb && a.runId === b.runId && a.row.sample === b.row.sample);
