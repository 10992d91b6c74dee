// Training panel: presets, the configuration, start / pause / resume / stop, and the run's progress.
// The progress bar and the run's state live in their own components: progress arrives several times a
// second, and re-rendering the configuration form with it would cost more than the bar itself.
import { memo } from 'react';
import { datasetProblems } from '../../store/dataset-check';
import { isLive } from '../../store/runs-slice';
import { Panel } from '../common/Panel';
import { ProgressView } from '../common/ProgressView';
import { useApp, useAppShallow, useBridge } from '../common/studio-context';
import { configProblems } from './config-check';
import { ConfigForm } from './ConfigForm';
import { EngineLog } from './EngineLog';
import { RunList } from './RunList';
import { RunImport } from './RunImport';
import { Term } from '../glossary/Term';

export function TrainingPanel() {
  const live = useApp((s) => isLive(s.activeRunId ? s.runs[s.activeRunId]?.state : undefined));
  return (
    <Panel name="Training">
      <Presets live={live} />
      <RunControls live={live} />
      <RunStatus />
      <ConfigForm disabled={live} />
      <RunList />
      <RunImport />
      <EngineLog />
    </Panel>
  );
}

const Presets = memo(function Presets({ live }: { live: boolean }) {
  const applyPreset = useApp((s) => s.applyPreset);
  return (
    <div className="row wrap" role="group" aria-label="Presets">
      <button type="button" className="secondary" disabled={live} onClick={() => applyPreset('official')}>Official recipe</button>
      <button type="button" className="secondary" disabled={live} onClick={() => applyPreset('classroom')}>Classroom quick</button>
    </div>
  );
});

const RunControls = memo(function RunControls({ live }: { live: boolean }) {
  const bridge = useBridge();
  const config = useApp((s) => s.trainConfig);
  const { state, hasModel, images } = useAppShallow((s) => ({
    state: s.activeRunId ? s.runs[s.activeRunId]?.state : undefined,
    hasModel: s.modelInfo !== null,
    images: s.samples.length,
  }));
  const { classes, samples } = useAppShallow((s) => ({ classes: s.classes, samples: s.samples }));
  const backend = useApp((s) => s.backend?.name);
  const problems = [...(hasModel && images > 0 ? datasetProblems(classes, samples, config) : []), ...configProblems(config)];
  const missing = !hasModel ? 'Load a model first.' : images === 0 ? 'Import images first.' : null;
  const blocked = missing !== null || problems.length > 0;
  return (
    <>
      {problems.length > 0 && (
        <ul className="problems">{problems.map((p) => <li key={p} className="warn">{p}</li>)}</ul>
      )}
      <div className="row wrap controls" role="group" aria-label="Run controls">
        <button type="button" className="primary" disabled={live || blocked} onClick={() => void bridge.startTraining()}>Start training</button>
        {state === 'paused' ? (
          <button type="button" onClick={() => void bridge.resume()}>Resume</button>
        ) : (
          <button type="button" disabled={state !== 'running'} onClick={() => void bridge.pause()}>Pause</button>
        )}
        <button type="button" className="danger" disabled={!live || state === 'stopping'} onClick={() => void bridge.stop()}>Stop</button>
        {missing && !live && <span className="muted">{missing}</span>}
        {backend && <span className="muted small">runs on <Term id="backend">{backend}</Term></span>}
      </div>
    </>
  );
});

/** The active run's label, state, summary and progress bar: the only part that follows progress events. */
function RunStatus() {
  const { label, state, summary, error } = useAppShallow((s) => {
    const run = s.activeRunId ? s.runs[s.activeRunId] : undefined;
    return { label: run?.label, state: run?.state, summary: run?.summary, error: run?.error };
  });
  if (!label || !state) return null;
  return (
    <div className="run-status" aria-live="polite">
      <p>
        <strong>{label}</strong> — <span className={`state state-${state}`}>{state}</span>
        {summary && <span className="muted"> · {summary.steps} steps{summary.bestStep !== null ? `, best checkpoint at step ${summary.bestStep}` : ''}{summary.stopped ? ' (stopped early)' : ''}</span>}
      </p>
      <RunProgress />
      {error && <p className="warn">{error}</p>}
    </div>
  );
}

function RunProgress() {
  const progress = useApp((s) => s.runProgress);
  return progress ? <ProgressView progress={progress} label="Training progress" /> : null;
}
