// Confusion matrix of an evaluation split; each cell opens the images inside it.
import { useMemo, useState } from 'react';
import type { EvalResult } from '../../protocol/train-types';
import { BlobImage } from '../common/BlobImage';
import { pct } from '../common/format';
import { useApp } from '../common/studio-context';

export function ConfusionMatrix({ result, title, runId }: { result: EvalResult; title: string; runId: string | null }) {
  const classes = useApp((s) => s.classes);
  const [splitName, setSplitName] = useState<string>(result.splits[result.splits.length - 1]?.split ?? '');
  const split = result.splits.find((s) => s.split === splitName) ?? result.splits[0];
  const [cell, setCell] = useState<{ t: number; p: number } | null>(null);
  if (!split) return null;
  const max = Math.max(1, ...split.confusion.flat());
  return (
    <div className="confusion">
      <div className="row wrap">
        <strong>{title}</strong>
        <label>
          Split{' '}
          <select value={split.split} onChange={(e) => { setSplitName(e.currentTarget.value); setCell(null); }}>
            {result.splits.map((s) => <option key={s.split} value={s.split}>{s.split} ({pct(s.accuracy)})</option>)}
          </select>
        </label>
      </div>
      <div className="table-scroll">
        <table className="matrix" aria-label={`Confusion matrix (${split.split})`}>
          <thead>
            <tr>
              <th scope="col"><span className="small muted">true \ predicted</span></th>
              {classes.map((c) => <th key={c} scope="col" className="rot"><span>{c}</span></th>)}
            </tr>
          </thead>
          <tbody>
            {split.confusion.map((row, t) => (
              <tr key={t}>
                <th scope="row">{classes[t] ?? t}</th>
                {row.map((n, p) => (
                  <td key={p}>
                    <button
                      type="button" disabled={n === 0}
                      className={t === p ? 'cell diag' : 'cell'}
                      style={{ ['--heat' as string]: String(n / max) }}
                      aria-label={`${classes[t]} predicted as ${classes[p]}: ${n} images`}
                      aria-pressed={cell?.t === t && cell?.p === p}
                      onClick={() => setCell({ t, p })}
                    >
                      {n}
                    </button>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {cell && <CellGallery ids={split.ids} predicted={split.predicted} t={cell.t} p={cell.p} runId={runId} onClose={() => setCell(null)} />}
    </div>
  );
}

function CellGallery({ ids, predicted, t, p, runId, onClose }: { ids: Int32Array; predicted: Int32Array; t: number; p: number; runId: string | null; onClose: () => void }) {
  const samples = useApp((s) => s.samples);
  const classes = useApp((s) => s.classes);
  const thumbs = useApp((s) => s.thumbs);
  const select = useApp((s) => s.selectSample);
  const inCell = useMemo(() => {
    const byId = new Map(samples.map((s) => [s.id, s]));
    const out = [];
    for (let i = 0; i < ids.length; i++) {
      const s = byId.get(ids[i]);
      if (s && s.label === t && predicted[i] === p) out.push(s);
    }
    return out;
  }, [samples, ids, predicted, t, p]);
  return (
    <div className="cell-gallery" role="group" aria-label={`Images: ${classes[t]} predicted as ${classes[p]}`}>
      <div className="row">
        <strong>{classes[t]} → {classes[p]}</strong> <span className="muted">{inCell.length} images</span>
        <button type="button" className="link" onClick={onClose}>Close</button>
      </div>
      <ul className="gallery">
        {inCell.slice(0, 200).map((s) => (
          <li key={s.id}>
            <button type="button" className="thumb-button" aria-label={`Inspect ${s.path}`} onClick={() => select(s.id, runId)}>
              <BlobImage blob={thumbs.get(s.path)} alt="" loading="lazy" fallback={<span>#{s.id}</span>} />
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
