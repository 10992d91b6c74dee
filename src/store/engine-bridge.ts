// Owns the engine connection: forwards worker events into the store (step data into the metrics store) and
// offers the actions the UI calls. Dataset edits reach the engine debounced; prompt checks are debounced and
// the previous one is aborted. Progress events are coalesced: the latest per target is applied in one store
// update at most every `progressMs`, so a fast engine does not re-render the panels per event.
// The UI never talks to the engine directly.
import type { TrainConfig } from '../protocol/train-types';
import type { BackendChoice, CachedModel, DatasetFile, ModelSource, Progress, SweepResult, WorkerEvent } from '../protocol/messages';
import { assertNever } from '../protocol/messages';
import type { EvalResult } from '../protocol/train-types';
import type { AppState, AppStore } from './app-store';
import { errorText, isAbort, type EnginePort } from './engine-port';
import type { MetricsStore } from './metrics-store';
import { datasetProblems } from './dataset-check';
import { currentPromptSet } from './prompts-slice';
import { isLive, resumeStep } from './runs-slice';

export interface BridgeOptions {
  datasetDebounceMs?: number;
  promptDebounceMs?: number;
  /** Least time between two progress updates of the store (the first after a pause applies at once). */
  progressMs?: number;
}

/** The latest progress not yet in the store, per target. */
interface PendingProgress {
  run?: { id: string; progress: Progress };
  model?: Progress;
  activity?: Progress | null;
  encodeRate?: number;
}

const MODEL_PHASES = new Set(['download', 'load', 'warmup']);

function modelLabel(source: ModelSource, cached: readonly CachedModel[]): string {
  if (source.kind === 'hub') return source.repo;
  if (source.kind === 'stored') {
    const name = cached.find((m) => m.folder !== undefined && m.repo === source.key)?.folder;
    return name ? `local folder “${name}” (kept in this browser)` : 'the kept local folder';
  }
  return source.name ? `local folder “${source.name}”` : `local folder (${Object.keys(source.files).length} files)`;
}

export class EngineBridge {
  private readonly datasetDelay: number;
  private readonly promptDelay: number;
  private readonly progressDelay: number;
  private pendingProgress: PendingProgress = {};
  private progressTimer: ReturnType<typeof setTimeout> | null = null;
  private lastProgressAt = -Infinity;
  private datasetTimer: ReturnType<typeof setTimeout> | null = null;
  private promptTimer: ReturnType<typeof setTimeout> | null = null;
  private promptAbort: AbortController | null = null;
  /** The dataset revision the engine has (so training waits for pending edits). */
  private sentRevision = 0;
  private datasetPush: Promise<void> = Promise.resolve();
  private runCounter = 0;
  private readonly unsubscribe: () => void;
  private readonly unwatch: () => void;

  constructor(
    readonly client: EnginePort,
    readonly store: AppStore,
    readonly metrics: MetricsStore,
    opts: BridgeOptions = {},
  ) {
    this.datasetDelay = opts.datasetDebounceMs ?? 300;
    this.promptDelay = opts.promptDebounceMs ?? 400;
    this.progressDelay = opts.progressMs ?? 250;
    this.unsubscribe = client.onEvent((e) => this.onEvent(e));
    // Edits bump a revision: the engine hears about them without the UI having to remember to tell it.
    this.unwatch = store.subscribe((s, prev) => {
      if (s.datasetRevision !== prev.datasetRevision) this.datasetEdited();
      if (s.promptRevision !== prev.promptRevision) this.schedulePromptCheck();
    });
  }

  dispose(): void {
    this.unsubscribe();
    this.unwatch();
    if (this.datasetTimer) clearTimeout(this.datasetTimer);
    if (this.promptTimer) clearTimeout(this.promptTimer);
    if (this.progressTimer) clearTimeout(this.progressTimer);
    this.promptAbort?.abort();
  }

  private get s() {
    return this.store.getState();
  }

  // ---- events ----

  onEvent(e: WorkerEvent): void {
    const s = this.s;
    switch (e.type) {
      case 'progress':
        if (e.runId) this.pendingProgress.run = { id: e.runId, progress: e.progress };
        else if (MODEL_PHASES.has(e.progress.phase) && s.modelLoading) this.pendingProgress.model = e.progress;
        else this.pendingProgress.activity = e.progress.done >= e.progress.total && e.progress.total > 0 ? null : e.progress;
        if (e.progress.phase === 'encoding' && e.progress.imagesPerSec && e.progress.done >= Math.min(8, e.progress.total)) this.pendingProgress.encodeRate = e.progress.imagesPerSec;
        this.scheduleProgress();
        return;
      case 'step':
        this.metrics.getState().pushStep(e.runId, e.point, e.samples);
        if (s.runs[e.runId]?.state === 'starting') s.setRunState(e.runId, 'running');
        return;
      case 'eval':
        s.addEval(e.runId, e.result);
        return;
      case 'checkpoint':
        s.addCheckpoint(e.runId, { step: e.step, epoch: e.epoch, valAccuracy: e.valAccuracy, best: e.best });
        return;
      case 'state':
        s.setRunState(e.runId, e.state);
        return;
      case 'log':
        s.addLog(e.level, e.message);
        return;
      default:
        assertNever(e);
    }
  }

  private scheduleProgress(): void {
    if (this.progressTimer) return;
    const wait = this.lastProgressAt + this.progressDelay - Date.now();
    if (wait <= 0) this.flushProgress();
    else this.progressTimer = setTimeout(() => this.flushProgress(), wait);
  }

  /** Applies the pending progress in one store update. */
  flushProgress(): void {
    if (this.progressTimer) clearTimeout(this.progressTimer);
    this.progressTimer = null;
    const { run, model, activity, encodeRate } = this.pendingProgress;
    this.pendingProgress = {};
    this.lastProgressAt = Date.now();
    const s = this.s;
    const patch: Partial<AppState> = {};
    if (run && s.activeRunId === run.id) patch.runProgress = run.progress;
    if (model && s.modelLoading) patch.modelProgress = model;
    if (activity !== undefined) patch.activity = activity;
    if (encodeRate !== undefined) patch.encodeRate = encodeRate;
    if (Object.keys(patch).length > 0) this.store.setState(patch);
  }

  // ---- model ----

  async init(backend: BackendChoice): Promise<void> {
    this.s.setBackendChoice(backend);
    this.s.setError('Model', null);
    try {
      this.s.setBackend(await this.client.request({ type: 'init', backend }));
    } catch (e) {
      this.s.setError('Model', errorText(e));
    }
  }

  async loadModel(source: ModelSource): Promise<void> {
    const label = modelLabel(source, this.s.cachedModels);
    if (source.kind !== 'hub') this.s.setModelId(''); // the hub id field no longer names the model being used
    this.s.setError('Model', null);
    this.s.modelLoadStarted(label);
    try {
      const info = await this.client.request({ type: 'load-model', source });
      this.s.modelLoaded(info, source.kind === 'hub' ? source.repo : undefined);
      if (info.storeError) this.s.setError('Model', info.storeError);
      this.schedulePromptCheck(0);
    } catch (e) {
      this.s.modelLoadFailed();
      this.s.setError('Model', errorText(e));
    }
    void this.refreshCachedModels();
  }

  /** Facts of hub models (download size, what fits, expected speed), one repository after the other. */
  async lookUpModelFacts(repos: readonly string[]): Promise<void> {
    for (const repo of repos) this.s.setModelFacts(repo, 'loading');
    for (const repo of repos) {
      try {
        this.s.setModelFacts(repo, await this.client.request({ type: 'model-facts', repo }));
      } catch (e) {
        // The message alone: it says what is wrong with this repository (no exception class in front).
        this.s.setModelFacts(repo, { error: e instanceof Error ? e.message : String(e) });
      }
    }
  }

  /** The models in the browser's cache (what loads without the network). */
  async refreshCachedModels(): Promise<void> {
    try {
      this.s.setCachedModels(await this.client.request({ type: 'list-cached-models' }));
    } catch (e) {
      this.s.addLog('warn', `could not list the cached models: ${errorText(e)}`); // a side list: never hide a load error
    }
  }

  async deleteCachedModel(repo: string, folder = false): Promise<void> {
    try {
      await this.client.request({ type: 'delete-cached-model', repo, ...(folder ? { folder } : {}) });
    } catch (e) {
      this.s.setError('Model', errorText(e));
    }
    await this.refreshCachedModels();
  }

  // ---- dataset ----

  async importFiles(files: DatasetFile[]): Promise<void> {
    if (files.length === 0) return;
    this.s.setError('Dataset', null);
    this.s.holdFiles(files);
    this.s.setImporting(true);
    await this.flushDataset();
    try {
      const summary = await this.client.request({ type: 'import-files', files });
      if (summary.unpacked) this.s.holdFiles(summary.unpacked);
      this.s.applySummary(summary);
      this.sentRevision = this.s.datasetRevision;
      this.schedulePromptCheck();
    } catch (e) {
      this.s.setImporting(false);
      this.s.setError('Dataset', errorText(e));
    }
  }

  async listPresets(): Promise<void> {
    try {
      this.s.setPresets(await this.client.request({ type: 'list-presets' }));
    } catch (e) {
      this.s.addLog('warn', `could not list the dataset presets: ${errorText(e)}`);
    }
  }

  /** Downloads a public dataset (in the engine) and imports it like dropped files, groups included. */
  async loadPreset(presetId: string): Promise<void> {
    if (this.s.presetLoading) return;
    this.s.setError('Dataset', null);
    this.s.setPresetLoading(presetId);
    await this.flushDataset();
    try {
      const summary = await this.client.request({ type: 'load-preset', presetId });
      this.s.applySummary(summary);
      this.sentRevision = this.s.datasetRevision;
      this.schedulePromptCheck();
    } catch (e) {
      this.s.setError('Dataset', errorText(e));
    } finally {
      this.flushProgress();
      this.store.setState({ activity: null });
      this.s.setPresetLoading(null);
    }
  }

  /** Call after any dataset edit: the engine gets the edited set after a short pause. */
  datasetEdited(): void {
    if (this.datasetTimer) clearTimeout(this.datasetTimer);
    this.datasetTimer = setTimeout(() => {
      this.datasetTimer = null;
      void this.pushDataset();
    }, this.datasetDelay);
  }

  /** Sends pending dataset edits now and waits for the engine to take them. */
  async flushDataset(): Promise<void> {
    if (this.datasetTimer) {
      clearTimeout(this.datasetTimer);
      this.datasetTimer = null;
      void this.pushDataset();
    }
    await this.datasetPush;
  }

  private pushDataset(): Promise<void> {
    const run = async () => {
      const { classes, samples, datasetRevision } = this.s;
      if (datasetRevision === this.sentRevision) return;
      try {
        await this.client.request({ type: 'set-dataset', classes, samples });
        this.sentRevision = datasetRevision;
        this.s.setError('Dataset', null);
        this.schedulePromptCheck();
      } catch (e) {
        this.s.setError('Dataset', errorText(e));
      }
    };
    this.datasetPush = this.datasetPush.then(run);
    return this.datasetPush;
  }

  // ---- prompts ----

  /** Call after any prompt edit: re-checks after `promptDebounceMs`, aborting the check in flight. */
  schedulePromptCheck(delay = this.promptDelay): void {
    if (this.promptTimer) clearTimeout(this.promptTimer);
    this.promptTimer = setTimeout(() => {
      this.promptTimer = null;
      void this.checkPrompts();
    }, delay);
  }

  async checkPrompts(): Promise<void> {
    this.promptAbort?.abort();
    const s = this.s;
    const prompts = currentPromptSet(s);
    if (!s.modelInfo || prompts.classNames.length === 0 || prompts.templates.length === 0) return;
    const ctrl = new AbortController();
    this.promptAbort = ctrl;
    s.setPromptChecking(true);
    try {
      await this.flushDataset();
      const check = await this.client.request({ type: 'set-prompts', prompts }, { signal: ctrl.signal });
      if (ctrl.signal.aborted) return;
      this.s.setPromptCheck(prompts, check);
      this.s.setError('Prompts', null);
    } catch (e) {
      if (isAbort(e)) return;
      this.s.setPromptChecking(false);
      this.s.setError('Prompts', errorText(e));
    } finally {
      if (this.promptAbort === ctrl) this.promptAbort = null;
    }
  }

  // ---- training ----

  /** Starts a run with the config being edited (or `opts.config`); resolves when the run ends. */
  async startTraining(opts: { config?: TrainConfig; onStarted?: (runId: string) => void } = {}): Promise<string | null> {
    const s = this.s;
    const live = s.runOrder.find((id) => isLive(s.runs[id]?.state));
    if (live) {
      s.setError('Training', `run ${s.runs[live].label} is still going: stop it first`);
      return null;
    }
    const config = { ...(opts.config ?? s.trainConfig) };
    const lacking = datasetProblems(s.classes, s.samples, config);
    if (lacking.length > 0) {
      s.setError('Training', lacking.join(' '));
      return null;
    }
    const runId = `run-${Date.now().toString(36)}-${++this.runCounter}`;
    s.setError('Training', null);
    s.runStarted(runId, config);
    opts.onStarted?.(runId);
    this.metrics.getState().resetRun(runId);
    try {
      await this.flushDataset();
      // The teacher is built from the prompts: the engine must have the ones on screen.
      if (this.promptTimer || this.promptAbort) await this.checkPrompts();
      const summary = await this.client.request({ type: 'train', runId, config });
      this.flushProgress(); // the finished bar shows the engine's last word
      this.s.runFinished(summary);
    } catch (e) {
      if (this.pendingProgress.run?.id === runId) delete this.pendingProgress.run;
      this.s.runFailed(runId, errorText(e));
      this.s.setError('Training', errorText(e));
    }
    return runId;
  }

  /** Continues an interrupted run from its last checkpoint, appending to the same run's metrics. */
  async resumeRun(runId: string): Promise<void> {
    const s = this.s;
    const run = s.runs[runId];
    const from = run ? resumeStep(run) : null;
    if (!run || from === null) return;
    const live = s.runOrder.find((id) => isLive(s.runs[id]?.state));
    if (live) {
      s.setError('Training', `run ${s.runs[live].label} is still going: stop it first`);
      return;
    }
    s.setError('Training', null);
    s.runResumed(runId, from);
    this.metrics.getState().trimRun(runId, from); // the engine repeats the steps after its checkpoint
    try {
      await this.flushDataset();
      const summary = await this.client.request({ type: 'train', runId, config: run.config, resume: true });
      this.flushProgress();
      this.s.runFinished(summary);
    } catch (e) {
      if (this.pendingProgress.run?.id === runId) delete this.pendingProgress.run;
      this.s.runFailed(runId, errorText(e));
      this.s.setError('Training', errorText(e));
    }
  }

  private async control(type: 'pause' | 'resume' | 'stop'): Promise<void> {
    try {
      await this.client.request({ type });
    } catch (e) {
      this.s.setError('Training', errorText(e));
    }
  }
  pause = () => this.control('pause');
  resume = () => this.control('resume');
  stop = () => this.control('stop');

  async evaluate(runId: string): Promise<EvalResult | null> {
    try {
      const r = await this.client.request({ type: 'evaluate', runId });
      this.s.addEval(runId, r);
      return r;
    } catch (e) {
      this.s.setError('Comparison', errorText(e));
      return null;
    }
  }

  async sweep(runId: string, alphas: number[]): Promise<SweepResult | null> {
    this.s.setError('Comparison', null);
    try {
      const r = await this.client.request({ type: 'sweep', runId, alphas });
      this.s.setSweep(r);
      return r;
    } catch (e) {
      this.s.setError('Comparison', errorText(e));
      return null;
    }
  }

  sampleProbs(runId: string, sampleId: number, signal?: AbortSignal) {
    return this.client.request({ type: 'sample-probs', runId, sampleId }, { signal });
  }
}
