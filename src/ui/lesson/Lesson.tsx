// The bias lesson: a guided walk from the empty studio to a result a class can read. Each step says what is
// happening in two sentences; the lesson loads the data and the model through the studio's own actions,
// queues zero-shot, fine-tuning and ProReg, and ends on the result screen. Presenter mode: larger type,
// fewer controls, arrow keys (or Page Up / Page Down) to move.
import { useEffect, useMemo, useState } from 'react';
import { toDatasetFiles, type Walked } from '../common/drop-files';
import { DropZone } from '../common/DropZone';
import { ProgressView } from '../common/ProgressView';
import { useApp, useAppShallow, useBridge, useStudio } from '../common/studio-context';
import { Term } from '../glossary/Term';
import { lessonModel } from './lesson-model';
import { estimateSeconds, formatMinutes, LESSON_METHODS, lessonConfigs, METHOD_NAMES } from './lesson-plan';
import { STEPS } from './lesson-steps';
import { LessonCharts } from './LessonCharts';
import { LessonResults } from './LessonResults';
import { useLessonRuns } from './use-lesson-runs';

export function Lesson({ onClose }: { onClose: () => void }) {
  const studio = useStudio();
  const bridge = useBridge();
  const [step, setStep] = useState(0);
  const [presenter, setPresenter] = useState(false);
  const runs = useLessonRuns();
  const { classes, samples, modelInfo, modelLoading, backend, encodeRate, presets, presetLoading, importing } = useAppShallow((s) => ({
    classes: s.classes, samples: s.samples, modelInfo: s.modelInfo, modelLoading: s.modelLoading, backend: s.backend?.name,
    encodeRate: s.encodeRate, presets: s.presets, presetLoading: s.presetLoading, importing: s.importing,
  }));
  const zeroShot = useApp((s) => s.promptCheck?.zeroShot ?? null);
  const setError = useApp((s) => s.setError);
  const error = useApp((s) => s.errors.Dataset ?? s.errors.Model ?? null);
  const id = STEPS[step].id;

  const counts = useMemo(() => ({
    train: samples.filter((s) => s.split === 'train').length,
    test: samples.filter((s) => s.split === 'test').length,
    all: samples.length,
  }), [samples]);
  const dataReady = classes.length >= 2 && counts.train > 0 && counts.test > 0;
  const configs = useMemo(() => lessonConfigs(backend), [backend]);
  const estimate = estimateSeconds(configs, { train: Math.round(counts.train * (1 - configs.proreg.valFraction)), all: counts.all }, encodeRate ?? NaN, modelInfo?.geometry.visionLayers ?? 12);
  const runsDone = runs.ids.proreg !== undefined && !runs.busy && !runs.failed;

  const canNext = id === 'question' || (id === 'data' && dataReady) || (id === 'model' && modelInfo !== null)
    || (id === 'plan' && (runs.busy || runsDone)) || (id === 'runs' && runsDone);
  const next = () => { if (canNext && step < STEPS.length - 1) setStep(step + 1); };
  const back = () => { if (step > 0) setStep(step - 1); };

  // The model loads as soon as its step shows (the choice is lessonModel's).
  useEffect(() => {
    if (id !== 'model' || modelLoading) return;
    const source = lessonModel(studio.store.getState());
    if (source) void bridge.loadModel(source);
  }, [id]);
  // The presets are listed for the data step.
  useEffect(() => { if (presets.length === 0) void bridge.listPresets(); }, []);
  // The result screen follows the last run by itself, once (going back to the runs afterwards stays there).
  const [shownResults, setShownResults] = useState(false);
  useEffect(() => {
    if (id !== 'runs' || !runsDone || shownResults) return;
    setShownResults(true);
    setStep(STEPS.findIndex((s) => s.id === 'results'));
  }, [id, runsDone, shownResults]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      const typing = t && (t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || (t.tagName === 'INPUT' && !['checkbox', 'file', 'button'].includes((t as HTMLInputElement).type)));
      if (typing) return;
      if (e.key === 'ArrowRight' || e.key === 'PageDown') { e.preventDefault(); next(); }
      else if (e.key === 'ArrowLeft' || e.key === 'PageUp') { e.preventDefault(); back(); }
      else if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const importWalked = async (walked: Walked[]) => {
    await bridge.importFiles(toDatasetFiles(walked));
  };
  const bar = presets.find((p) => p.id === 'bar');

  return (
    <div className={presenter ? 'lesson presenter' : 'lesson'} role="dialog" aria-modal="true" aria-label="Bias lesson">
      <header className="lesson-head">
        <span className="muted">Bias lesson · step {step + 1} of {STEPS.length}</span>
        <label className="inline"><input type="checkbox" checked={presenter} onChange={(e) => setPresenter(e.currentTarget.checked)} /> Presenter mode</label>
        <button type="button" className="secondary" onClick={onClose}>Close lesson</button>
      </header>
      <section className="lesson-step" aria-labelledby="lesson-title">
        <h2 id="lesson-title">{STEPS[step].title}</h2>
        {STEPS[step].text.map((t) => <p key={t} className="lesson-text">{t}</p>)}

        {id === 'data' && (
          <div className="lesson-body">
            {counts.all > 0 && (
              <p aria-live="polite">
                {counts.all} photos of {classes.length} actions: {counts.train} for training, {counts.test} for testing.
                {!dataReady && ' The lesson needs at least two actions, and train/ and test/ folders.'}
              </p>
            )}
            <div className="row wrap lesson-controls">
              {bar && (
                <button type="button" className="secondary" disabled={presetLoading !== null || importing} onClick={() => void bridge.loadPreset('bar')}>
                  {presetLoading === 'bar' ? 'Downloading BAR…' : 'Use BAR (download about 2,600 photos)'}
                </button>
              )}
              <DropZone label="Use my own photo folder" folder onFiles={(w) => void importWalked(w)} onReadError={(m) => setError('Dataset', m)} />
            </div>
            <p className="muted small lesson-extra">Your own folder: one subfolder per action under train/ and test/, test photos in unusual places.</p>
            {(importing || presetLoading) && <EngineActivity />}
          </div>
        )}

        {id === 'model' && (
          <div className="lesson-body" aria-live="polite">
            {modelInfo ? <p>Model ready: <strong>{modelInfo.name}</strong>, running on <Term id="backend">{backend ?? '…'}</Term>.</p> : <p>Loading the model…</p>}
            <ModelProgress />
            {zeroShot && <p>From the prompts alone it already gets <strong>{Math.round((zeroShot.splits.find((s) => s.split === 'test')?.accuracy ?? 0) * 100)}%</strong> of the test photos right (<Term id="zero-shot" />).</p>}
          </div>
        )}

        {id === 'plan' && (
          <div className="lesson-body">
            <ol className="lesson-runs">
              {LESSON_METHODS.map((m) => <li key={m}><strong>{METHOD_NAMES[m]}</strong></li>)}
            </ol>
            <p className="lesson-extra muted small">
              Settings: {configs.proreg.scope === 'head' ? 'the last layer only' : 'the last block'}, {configs.proreg.epochs} passes over the photos, a fifth of the training photos kept aside.
            </p>
            <p aria-live="polite">
              {Number.isFinite(estimate)
                ? <>This takes <strong>{formatMinutes(estimate)}</strong> here (measured: {encodeRate!.toFixed(1)} photos per second on {backend}).</>
                : 'Measuring this machine’s speed…'}
            </p>
            <button type="button" className="primary" disabled={runs.busy || !Number.isFinite(estimate)} onClick={() => { void runs.start(configs); setStep(step + 1); }}>
              Start the three runs
            </button>
          </div>
        )}

        {id === 'runs' && <RunsView ids={runs.ids} failed={runs.failed} />}
        {id === 'results' && <LessonResults ids={runs.ids} />}
        {error && id !== 'results' && <p className="warn" role="alert">{error}</p>}
      </section>
      <nav className="lesson-nav" aria-label="Lesson steps">
        <button type="button" className="secondary" disabled={step === 0} onClick={back}>Back</button>
        <button type="button" disabled={!canNext || step === STEPS.length - 1} onClick={next}>Next</button>
        <span className="muted small lesson-extra">Arrow keys move between steps.</span>
      </nav>
    </div>
  );
}

function EngineActivity() {
  const activity = useApp((s) => s.activity);
  return activity ? <ProgressView progress={activity} label="Import progress" /> : null;
}

function ModelProgress() {
  const progress = useApp((s) => s.modelProgress);
  return progress ? <ProgressView progress={progress} label="Model load progress" /> : null;
}

function RunsView({ ids, failed }: { ids: Partial<Record<string, string>>; failed: string | null }) {
  const states = useAppShallow((s) => LESSON_METHODS.map((m) => (ids[m] ? s.runs[ids[m]!]?.state ?? '' : 'waiting')));
  const progress = useApp((s) => s.runProgress);
  return (
    <div className="lesson-body">
      <ol className="lesson-runs" aria-label="Lesson runs">
        {LESSON_METHODS.map((m, i) => (
          <li key={m}><strong>{METHOD_NAMES[m]}</strong> — <span className={`state state-${states[i]}`}>{states[i]}</span></li>
        ))}
      </ol>
      {progress && <ProgressView progress={progress} label="Lesson run progress" />}
      <LessonCharts />
      {failed && <p className="warn" role="alert">The runs stopped: {failed}</p>}
    </div>
  );
}
