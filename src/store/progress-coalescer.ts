// Progress events, coalesced: the latest per target (the run, the model load, the engine's other work) is
// applied in one store update at most every `delayMs`, so a fast engine does not re-render the panels per event.
import type { Progress, WorkerEvent } from '../protocol/messages';
import type { AppState, AppStore } from './app-store';

/** The latest progress not yet in the store, per target. */
interface PendingProgress {
  run?: { id: string; progress: Progress };
  model?: Progress;
  activity?: Progress | null;
  encodeRate?: number;
}

const MODEL_PHASES = new Set(['download', 'load', 'warmup']);

export class ProgressCoalescer {
  private pending: PendingProgress = {};
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastAt = -Infinity;

  constructor(private readonly store: AppStore, private readonly delayMs: number) {}

  /** Takes one progress event; the store hears of it at once after a pause, else at the next flush. */
  take(e: Extract<WorkerEvent, { type: 'progress' }>): void {
    const s = this.store.getState();
    if (e.runId) this.pending.run = { id: e.runId, progress: e.progress };
    else if (MODEL_PHASES.has(e.progress.phase) && s.modelLoading) this.pending.model = e.progress;
    else this.pending.activity = e.progress.done >= e.progress.total && e.progress.total > 0 ? null : e.progress;
    if (e.progress.phase === 'encoding' && e.progress.imagesPerSec && e.progress.done >= Math.min(8, e.progress.total)) this.pending.encodeRate = e.progress.imagesPerSec;
    this.schedule();
  }

  /** Forgets the pending progress of a run that ended (a failed run shows no stale bar). */
  dropRun(runId: string): void {
    if (this.pending.run?.id === runId) delete this.pending.run;
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = this.lastAt + this.delayMs - Date.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Applies the pending progress in one store update. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const { run, model, activity, encodeRate } = this.pending;
    this.pending = {};
    this.lastAt = Date.now();
    const s = this.store.getState();
    const patch: Partial<AppState> = {};
    if (run && s.activeRunId === run.id) patch.runProgress = run.progress;
    if (model && s.modelLoading) patch.modelProgress = model;
    if (activity !== undefined) patch.activity = activity;
    if (encodeRate !== undefined) patch.encodeRate = encodeRate;
    if (Object.keys(patch).length > 0) this.store.setState(patch);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
