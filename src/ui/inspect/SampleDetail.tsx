// One sample up close: the image, its label, zero-shot against fine-tuned probabilities per class, and its
// ce / kl / w history over the run's steps.
import { useEffect, useRef, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { errorText, isAbort } from '../../store/engine-port';
import { isImportedRun } from '../../store/run-import';
import { BlobImage } from '../common/BlobImage';
import { pct } from '../common/format';
import { useApp, useBridge, useMetricsFrame } from '../common/studio-context';
import { axisTick, DATA_DOMAIN, LEGEND_STYLE, MARGIN, numTick, numValue, TOOLTIP_STYLE } from '../charts/chart-style';
import { partColour } from '../charts/palette';

type Probs = { zeroShot: number[]; fineTuned: number[] | null };

export function SampleDetail() {
  const selected = useApp((s) => s.selectedSample);
  const close = useApp((s) => s.selectSample);
  const activeRun = useApp((s) => s.activeRunId);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!selected) return;
    const prev = document.activeElement as HTMLElement | null;
    ref.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close(null);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      prev?.focus?.();
    };
  }, [selected, close]);
  if (!selected) return null;
  const runId = selected.runId ?? activeRun;
  return (
    <div className="backdrop" onClick={() => close(null)}>
      <div ref={ref} role="dialog" aria-modal="true" aria-label={`Sample ${selected.id}`} tabIndex={-1} className="dialog" onClick={(e) => e.stopPropagation()}>
        <DetailBody id={selected.id} runId={runId} />
        <button type="button" className="close" onClick={() => close(null)}>Close</button>
      </div>
    </div>
  );
}

function DetailBody({ id, runId }: { id: number; runId: string | null }) {
  const bridge = useBridge();
  const sample = useApp((s) => s.samples.find((x) => x.id === id));
  const classes = useApp((s) => s.classes);
  const image = useApp((s) => (sample ? s.thumbs.get(sample.path) : undefined));
  const [probs, setProbs] = useState<Probs | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setProbs(null);
    setError(null);
    if (!runId || isImportedRun(runId)) return; // the engine holds no model for a run trained elsewhere
    const ctrl = new AbortController();
    bridge.sampleProbs(runId, id, ctrl.signal).then(setProbs, (e) => !isAbort(e) && setError(errorText(e)));
    return () => ctrl.abort();
  }, [bridge, runId, id]);
  if (!sample) return <p>Sample {id} is no longer in the dataset.</p>;
  return (
    <div className="detail">
      <div className="detail-image"><BlobImage blob={image} alt={sample.path} fallback={<span className="muted">no preview</span>} /></div>
      <div className="detail-facts">
        <h3>{sample.path}</h3>
        <p>
          label <strong>{classes[sample.label]}</strong> · split {sample.split}
          {sample.group !== undefined && <> · group {sample.group}</>}
        </p>
        {error && <p role="alert" className="alert">{error}</p>}
        {!runId && <p className="muted">Train a run to compare zero-shot and fine-tuned probabilities.</p>}
        {runId && isImportedRun(runId) && <p className="muted">This run was trained outside the browser: its per-class probabilities are not here, its per-step values are.</p>}
        {probs && <ProbTable probs={probs} classes={classes} label={sample.label} />}
        {runId && <History runId={runId} id={id} />}
      </div>
    </div>
  );
}

function ProbTable({ probs, classes, label }: { probs: Probs; classes: string[]; label: number }) {
  const order = classes.map((_, i) => i).sort((a, b) => (probs.fineTuned?.[b] ?? probs.zeroShot[b]) - (probs.fineTuned?.[a] ?? probs.zeroShot[a]));
  return (
    <table className="compact" aria-label="Class probabilities">
      <thead>
        <tr><th scope="col">Class</th><th scope="col" className="num">zero-shot</th><th scope="col" className="num">fine-tuned</th></tr>
      </thead>
      <tbody>
        {order.slice(0, 10).map((c) => (
          <tr key={c} className={c === label ? 'is-label' : undefined}>
            <th scope="row">{classes[c]}{c === label ? ' (label)' : ''}</th>
            <td className="num"><Bar value={probs.zeroShot[c]} /></td>
            <td className="num">{probs.fineTuned ? <Bar value={probs.fineTuned[c]} /> : '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Bar({ value }: { value: number }) {
  return (
    <span className="accbar">
      <span className="accbar-fill" style={{ width: `${Math.round(value * 100)}%` }} />
      <span className="accbar-text">{pct(value)}</span>
    </span>
  );
}

function History({ runId, id }: { runId: string; id: number }) {
  // Redraws when this sample takes a step (once an epoch), not at every step of the run.
  const { metrics } = useMetricsFrame(1000, (m) => [m.runs[runId], m.runs[runId]?.latest.step[id]]);
  const h = metrics.runs[runId]?.history.get(id);
  if (!h || h.length === 0) return <p className="muted">No steps on this sample yet.</p>;
  const rows = h.points();
  return (
    <figure className="chart" aria-label="Sample history">
      <figcaption><strong>ce, kl and w of this sample</strong> <span className="muted small">{rows.length} steps</span></figcaption>
      <LineChart width={380} height={180} data={rows} margin={MARGIN}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
        <XAxis dataKey="step" type="number" domain={DATA_DOMAIN} interval={0} tick={axisTick} stroke="var(--fg-muted)" />
        <YAxis width={40} interval={0} tick={axisTick} stroke="var(--fg-muted)" tickFormatter={numTick} />
        <Tooltip formatter={numValue} contentStyle={TOOLTIP_STYLE} />
        <Legend wrapperStyle={LEGEND_STYLE} />
        {(['ce', 'kl', 'w'] as const).map((k, i) => (
          <Line key={k} dataKey={k} stroke={partColour(k, i)} dot={rows.length < 30} isAnimationActive={false} />
        ))}
      </LineChart>
    </figure>
  );
}
