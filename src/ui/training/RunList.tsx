// Every run of the project with what can be done to it: resume an interrupted one from its checkpoint,
// export a finished one's model (Hugging Face layout, one zip), the run as a PyTorch project (one zip) and
// its metrics (CSV).
import { memo, useState } from 'react';
import { metricsCsv, safeName } from '../../store/exports';
import { isLive, resumeStep, type RunState } from '../../store/runs-slice';
import { isImportedRun } from '../../store/run-import';
import { bytesBlob, downloads } from '../common/download';
import { useApp, useAppShallow, useStudio } from '../common/studio-context';

interface Row {
  id: string;
  label: string;
  state: RunState;
  resumable: boolean;
  checkpoint: string;
}

export const RunList = memo(function RunList() {
  const studio = useStudio();
  // Flat strings: the list re-renders when a row changes (a checkpoint included), not with every evaluation.
  const keys = useAppShallow((s) => s.runOrder.map((id) => {
    const r = s.runs[id];
    const ckpt = Math.max(r.resumeFrom ?? -1, ...r.checkpoints.map((c) => c.step));
    return `${id}\u0000${r.label}\u0000${r.state}\u0000${resumeStep(r) !== null ? 1 : 0}\u0000${ckpt >= 0 ? ckpt : ''}`;
  }));
  const blocked = useApp((s) => s.modelInfo === null || s.modelLoading || s.runOrder.some((id) => isLive(s.runs[id]?.state)));
  const noModel = useApp((s) => s.modelInfo === null || s.modelLoading);
  const [exporting, setExporting] = useState<string | null>(null);
  const [withImages, setWithImages] = useState(false);
  if (keys.length === 0) return null;
  const rows: Row[] = keys.map((k) => {
    const [id, label, state, resumable, checkpoint] = k.split('\u0000');
    return { id, label, state: state as RunState, resumable: resumable === '1', checkpoint };
  });

  const exportModel = async (id: string) => {
    setExporting(id);
    const zip = await studio.project.exportModel(id);
    setExporting(null);
    if (zip) downloads.save(bytesBlob(zip.bytes, 'application/zip'), zip.name);
  };
  const exportTorch = async (id: string) => {
    setExporting(`torch:${id}`);
    const zip = await studio.project.exportTorch(id, withImages);
    setExporting(null);
    if (zip) downloads.save(bytesBlob(zip.bytes, 'application/zip'), zip.name);
  };
  const exportMetrics = (id: string) => {
    const run = studio.store.getState().runs[id];
    const table = studio.metrics.getState().runs[id]?.table ?? null;
    const csv = metricsCsv(table, run.evals, run.summary?.final?.step ?? null);
    downloads.save(new Blob([csv], { type: 'text/csv' }), `${safeName(run.label)}-metrics.csv`);
  };

  return (
    <div className="table-scroll">
      <label className="row small">
        <input type="checkbox" checked={withImages} onChange={(e) => setWithImages(e.target.checked)} />
        PyTorch exports include the images
      </label>
      <table className="compact" aria-label="Training runs">
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">State</th>
            <th scope="col">Last saved</th>
            <th scope="col"><span className="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <th scope="row">{r.label}</th>
              <td><span className={`state state-${r.state}`}>{r.state}</span></td>
              <td className="muted">{r.checkpoint ? `checkpoint at step ${r.checkpoint}` : '–'}</td>
              <td className="actions">
                {r.resumable && (
                  <button
                    type="button" className="secondary" aria-label={`Resume ${r.label}`} disabled={blocked}
                    title={blocked ? 'Needs the model loaded and no other run going' : 'Continue from the last checkpoint'}
                    onClick={() => void studio.bridge.resumeRun(r.id)}
                  >
                    Resume
                  </button>
                )}
                {r.state === 'done' && !isImportedRun(r.id) && (
                  <button type="button" className="link" aria-label={`Export model ${r.label}`} disabled={exporting !== null} onClick={() => void exportModel(r.id)}>
                    {exporting === r.id ? 'Exporting…' : 'Export model'}
                  </button>
                )}
                {r.state === 'done' && !isImportedRun(r.id) && (
                  <button
                    type="button" className="link" aria-label={`Export run as PyTorch project ${r.label}`} disabled={exporting !== null}
                    title="train.py for one GPU or torchrun, with run.json, the dataset manifest and a README" onClick={() => void exportTorch(r.id)}
                  >
                    {exporting === `torch:${r.id}` ? 'Exporting…' : 'Export as PyTorch'}
                  </button>
                )}
                {(r.state === 'interrupted' || r.state === 'failed') && r.checkpoint && (
                  <button
                    type="button" className="link" aria-label={`Export checkpoint ${r.label}`} disabled={exporting !== null || noModel}
                    title={noModel ? 'Needs the model loaded' : 'Save the model at its best checkpoint so far'} onClick={() => void exportModel(r.id)}
                  >
                    {exporting === r.id ? 'Exporting…' : 'Export checkpoint'}
                  </button>
                )}
                {!isLive(r.state) && (
                  <button type="button" className="link" aria-label={`Export metrics ${r.label}`} onClick={() => exportMetrics(r.id)}>
                    Export metrics
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});
