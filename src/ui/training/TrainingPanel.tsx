// Training panel: presets, the configuration, start / pause / resume / stop, and the run's progress.
import { isLive } from '../../store/runs-slice';
import { Panel } from '../common/Panel';
import { ProgressView } from '../common/ProgressView';
import { useApp, useAppShallow, useBridge } from '../common/studio-context';
import { configProblems } from './config-check';
import { ConfigForm } from './ConfigForm';
import { EngineLog } from './EngineLog';

export function TrainingPanel() {
  const bridge = useBridge();
  const applyPreset = useApp((s) => s.applyPreset);
  const config = useApp((s) => s.trainConfig);
  const { run, progress, hasModel, images } = useAppShallow((s) => ({
    run: s.activeRunId ? s.runs[s.activeRunId] : undefined,
    progress: s.runProgress,
    hasModel: s.modelInfo !== null,
    images: s.samples.length,
  }));
  const live = isLive(run?.state);
  const problems = configProblems(config);
  const missing = !hasModel ? 'Load a model first.' : images === 0 ? 'Import images first.' : null;
  const blocked = missing !== null || problems.length > 0;

  return (
    <Panel name="Training">
      <div className="row wrap" role="group" aria-label="Presets">
        <button type="button" className="secondary" disabled={live} onClick={() => applyPreset('official')}>Official recipe</button>
        <button type="button" className="secondary" disabled={live} onClick={() => applyPreset('classroom')}>Classroom quick</button>
      </div>
      <ConfigForm disabled={live} />
      {problems.length > 0 && (
        <ul className="problems">{problems.map((p) => <li key={p} className="warn">{p}</li>)}</ul>
      )}
      <div className="row wrap controls" role="group" aria-label="Run controls">
        <button type="button" className="primary" disabled={live || blocked} onClick={() => void bridge.startTraining()}>Start training</button>
        {run?.state === 'paused' ? (
          <button type="button" onClick={() => void bridge.resume()}>Resume</button>
        ) : (
          <button type="button" disabled={run?.state !== 'running'} onClick={() => void bridge.pause()}>Pause</button>
        )}
        <button type="button" className="danger" disabled={!live || run?.state === 'stopping'} onClick={() => void bridge.stop()}>Stop</button>
        {missing && !live && <span className="muted">{missing}</span>}
      </div>
      {run && (
        <div className="run-status" aria-live="polite">
          <p>
            <strong>{run.label}</strong> — <span className={`state state-${run.state}`}>{run.state}</span>
            {run.summary && <span className="muted"> · {run.summary.steps} steps{run.summary.bestStep !== null ? `, best checkpoint at step ${run.summary.bestStep}` : ''}{run.summary.stopped ? ' (stopped early)' : ''}</span>}
          </p>
          {progress && <ProgressView progress={progress} label="Training progress" />}
          {run.error && <p className="warn">{run.error}</p>}
        </div>
      )}
      <EngineLog />
    </Panel>
  );
}
