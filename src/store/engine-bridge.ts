// Owns the engine connection: forwards worker events into the store (step data into the metrics store) and
// offers the actions the UI calls. Its parts, each in its own file: progress coalescing
// (progress-coalescer.ts), the dataset's debounced way to the engine (dataset-sync.ts), the prompts' check
// (prompt-check.ts) and the run actions (run-actions.ts). The UI never talks to the engine directly.
import type { BackendChoice, CachedModel, DatasetFile, ModelSource, WorkerEvent } from '../protocol/messages';
import { assertNever } from '../protocol/messages';
import type { AppStore } from './app-store';
import { DatasetSync } from './dataset-sync';
import { errorText, type EnginePort } from './engine-port';
import type { MetricsStore } from './metrics-store';
import { ProgressCoalescer } from './progress-coalescer';
import { PromptCheck } from './prompt-check';
import { RunActions } from './run-actions';
import { RunEventBatch } from './run-event-batch';

/**
 * Files per message to the engine on import: cloning a picked file for postMessage costs the main thread a
 * call to the browser process each (up to 7 ms apiece on a loaded machine: 50 took 372 ms in one message).
 */
export const IMPORT_SLICE = 10;

export interface BridgeOptions {
  datasetDebounceMs?: number;
  promptDebounceMs?: number;
  /** Least time between two progress updates of the store (the first after a pause applies at once). */
  progressMs?: number;
}

function modelLabel(source: ModelSource, cached: readonly CachedModel[]): string {
  if (source.kind === 'hub') return source.repo;
  if (source.kind === 'stored') {
    const name = cached.find((m) => m.folder !== undefined && m.repo === source.key)?.folder;
    return name ? `local folder “${name}” (kept in this browser)` : 'the kept local folder';
  }
  return source.name ? `local folder “${source.name}”` : `local folder (${Object.keys(source.files).length} files)`;
}

export class EngineBridge {
  private readonly progress: ProgressCoalescer;
  private readonly runEvents: RunEventBatch;
  private readonly dataset: DatasetSync;
  private readonly prompts: PromptCheck;
  private readonly runActions: RunActions;
  private readonly unsubscribe: () => void;
  private readonly unwatch: () => void;

  constructor(
    readonly client: EnginePort,
    readonly store: AppStore,
    readonly metrics: MetricsStore,
    opts: BridgeOptions = {},
  ) {
    this.progress = new ProgressCoalescer(store, opts.progressMs ?? 250);
    this.runEvents = new RunEventBatch(store);
    this.dataset = new DatasetSync(client, store, opts.datasetDebounceMs ?? 300, () => this.prompts.schedule());
    this.prompts = new PromptCheck(client, store, opts.promptDebounceMs ?? 400, () => this.dataset.flush());
    this.runActions = new RunActions({
      client, store, metrics,
      datasetReady: () => this.dataset.flush(),
      promptsReady: async () => {
        if (this.prompts.pending) await this.prompts.run();
      },
      flushProgress: () => {
        this.runEvents.flush();
        this.progress.flush();
      },
      dropProgress: (runId) => {
        this.runEvents.flush(); // the evaluations before a failure stay
        this.progress.dropRun(runId);
      },
    });
    this.unsubscribe = client.onEvent((e) => this.onEvent(e));
    // Edits bump a revision: the engine hears about them without the UI having to remember to tell it.
    this.unwatch = store.subscribe((s, prev) => {
      if (s.datasetRevision !== prev.datasetRevision) this.dataset.edited();
      if (s.promptRevision !== prev.promptRevision) this.prompts.schedule();
    });
  }

  dispose(): void {
    this.unsubscribe();
    this.unwatch();
    this.dataset.dispose();
    this.prompts.dispose();
    this.progress.dispose();
    this.runEvents.dispose();
  }

  private get s() {
    return this.store.getState();
  }

  // ---- events ----

  onEvent(e: WorkerEvent): void {
    const s = this.s;
    switch (e.type) {
      case 'progress':
        this.progress.take(e);
        return;
      case 'step':
        this.metrics.getState().pushStep(e.runId, e.point, e.samples);
        if (s.runs[e.runId]?.state === 'starting') s.setRunState(e.runId, 'running');
        return;
      case 'eval':
        this.runEvents.addEval(e.runId, e.result);
        return;
      case 'checkpoint':
        this.runEvents.addCheckpoint(e.runId, { step: e.step, epoch: e.epoch, valAccuracy: e.valAccuracy, best: e.best });
        return;
      case 'state':
        this.runEvents.flush(); // what came before a state change shows with it
        s.setRunState(e.runId, e.state);
        return;
      case 'log':
        s.addLog(e.level, e.message);
        return;
      case 'storage':
        s.setStorageProblem(e.ok ? null : (e.message ?? 'the project could not be saved'));
        if (!e.ok) s.addLog('warn', e.message ?? 'the project could not be saved');
        return;
      default:
        assertNever(e);
    }
  }

  /** Applies the pending progress in one store update. */
  flushProgress(): void {
    this.progress.flush();
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
      this.prompts.schedule(0);
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
    this.s.setImporting(true);
    // The files go to the engine a slice at a time, so no main-thread task grows with their number; the
    // engine reads and decodes them meanwhile. Thumbnails keep the blobs (their URLs are made on screen).
    await this.dataset.flush();
    try {
      let at = 0;
      for (; files.length - at > IMPORT_SLICE; at += IMPORT_SLICE) await this.client.request({ type: 'stage-files', files: files.slice(at, at + IMPORT_SLICE) });
      const summary = await this.client.request({ type: 'import-files', files: at ? files.slice(at) : files });
      this.s.applySummary(summary, summary.unpacked ? [...files, ...summary.unpacked] : files);
      this.dataset.markSent();
      this.prompts.schedule();
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
    await this.dataset.flush();
    try {
      const summary = await this.client.request({ type: 'load-preset', presetId });
      this.s.applySummary(summary, summary.unpacked ?? []);
      this.dataset.markSent();
      this.prompts.schedule();
    } catch (e) {
      this.s.setError('Dataset', errorText(e));
    } finally {
      this.progress.flush();
      this.store.setState({ activity: null });
      this.s.setPresetLoading(null);
    }
  }

  /** Call after any dataset edit: the engine gets the edited set after a short pause. */
  datasetEdited(): void {
    this.dataset.edited();
  }

  /** Sends pending dataset edits now and waits for the engine to take them. */
  flushDataset(): Promise<void> {
    return this.dataset.flush();
  }

  // ---- prompts ----

  /** Call after any prompt edit: re-checks after `promptDebounceMs`, aborting the check in flight. */
  schedulePromptCheck(delay?: number): void {
    this.prompts.schedule(delay);
  }

  checkPrompts(): Promise<void> {
    return this.prompts.run();
  }

  // ---- training ----

  /** Starts a run with the config being edited (or `opts.config`); resolves when the run ends. */
  startTraining(opts?: Parameters<RunActions['start']>[0]): Promise<string | null> {
    return this.runActions.start(opts);
  }

  /** Continues an interrupted run from its last checkpoint, appending to the same run's metrics. */
  resumeRun(runId: string): Promise<void> {
    return this.runActions.resume(runId);
  }

  pause = () => this.runActions.control('pause');
  resume = () => this.runActions.control('resume');
  stop = () => this.runActions.control('stop');
  evaluate = (runId: string) => this.runActions.evaluate(runId);
  sweep = (runId: string, alphas: number[]) => this.runActions.sweep(runId, alphas);

  sampleProbs(runId: string, sampleId: number, signal?: AbortSignal) {
    return this.client.request({ type: 'sample-probs', runId, sampleId }, { signal });
  }
}
