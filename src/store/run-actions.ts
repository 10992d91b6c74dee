// What the UI asks of runs: start one with the config being edited, resume an interrupted one, pause, resume
// and stop the live one, evaluate, sweep and read one sample's probabilities. The engine owns the runs; the
// store keeps what the UI shows of them.
import type { SweepResult } from '../protocol/messages';
import type { EvalResult, TrainConfig } from '../protocol/train-types';
import type { AppStore } from './app-store';
import { datasetProblems } from './dataset-check';
import { errorText, type EnginePort } from './engine-port';
import type { MetricsStore } from './metrics-store';
import { isLive, resumeStep } from './runs-slice';

/** What the run actions need of the other parts of the bridge. */
export interface RunActionDeps {
  client: EnginePort;
  store: AppStore;
  metrics: MetricsStore;
  /** Resolves when the engine has the dataset on screen. */
  datasetReady(): Promise<void>;
  /** Resolves when the engine has the prompts on screen. */
  promptsReady(): Promise<void>;
  /** Applies the engine's last progress (the finished bar shows its last word). */
  flushProgress(): void;
  /** Forgets a run's pending progress. */
  dropProgress(runId: string): void;
}

export class RunActions {
  private runCounter = 0;

  constructor(private readonly d: RunActionDeps) {}

  private get s() {
    return this.d.store.getState();
  }

  /** The live run's label where one is going (then nothing else may start). */
  private refuseWhileLive(): boolean {
    const s = this.s;
    const live = s.runOrder.find((id) => isLive(s.runs[id]?.state));
    if (live) s.setError('Training', `run ${s.runs[live].label} is still going: stop it first`);
    return live !== undefined;
  }

  /** Asks the engine to train, once it has caught up, and records how the run ended. */
  private async train(runId: string, config: TrainConfig, resume: boolean, caughtUp: () => Promise<void>): Promise<void> {
    try {
      await caughtUp();
      const summary = await this.d.client.request({ type: 'train', runId, config, ...(resume ? { resume } : {}) });
      this.d.flushProgress();
      this.s.runFinished(summary);
    } catch (e) {
      this.d.dropProgress(runId);
      this.s.runFailed(runId, errorText(e));
      this.s.setError('Training', errorText(e));
    }
  }

  /** Starts a run with the config being edited (or `opts.config`); resolves when the run ends. */
  async start(opts: { config?: TrainConfig; onStarted?: (runId: string) => void } = {}): Promise<string | null> {
    if (this.refuseWhileLive()) return null;
    const s = this.s;
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
    this.d.metrics.getState().resetRun(runId);
    // The teacher is built from the prompts: the engine must have the ones on screen.
    await this.train(runId, config, false, async () => {
      await this.d.datasetReady();
      await this.d.promptsReady();
    });
    return runId;
  }

  /** Continues an interrupted run from its last checkpoint, appending to the same run's metrics. */
  async resume(runId: string): Promise<void> {
    const run = this.s.runs[runId];
    const from = run ? resumeStep(run) : null;
    if (!run || from === null || this.refuseWhileLive()) return;
    this.s.setError('Training', null);
    this.s.runResumed(runId, from);
    this.d.metrics.getState().trimRun(runId, from); // the engine repeats the steps after its checkpoint
    await this.train(runId, run.config, true, this.d.datasetReady);
  }

  async control(type: 'pause' | 'resume' | 'stop'): Promise<void> {
    try {
      await this.d.client.request({ type });
    } catch (e) {
      this.s.setError('Training', errorText(e));
    }
  }

  async evaluate(runId: string): Promise<EvalResult | null> {
    try {
      const r = await this.d.client.request({ type: 'evaluate', runId });
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
      const r = await this.d.client.request({ type: 'sweep', runId, alphas });
      this.s.setSweep(r);
      return r;
    } catch (e) {
      this.s.setError('Comparison', errorText(e));
      return null;
    }
  }
}
