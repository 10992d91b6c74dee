// A run's evaluations and checkpoints, batched: a fast run sends several a second (each evaluation comes with
// its checkpoint), and each one applied alone would be a store update that every panel's selectors re-run
// on. They are applied together, in one update per animation frame (or after `maxWaitMs` where no frame
// comes, as in a hidden tab), and at once before anything that must see them (a state change, the run's end).
import type { CheckpointMark } from '../protocol/messages';
import type { EvalResult } from '../protocol/train-types';
import type { AppStore } from './app-store';

export interface RunEvents {
  evals: { runId: string; result: EvalResult }[];
  marks: { runId: string; mark: CheckpointMark }[];
}

const frame: ((cb: () => void) => unknown) | null = typeof requestAnimationFrame === 'function' ? (cb) => requestAnimationFrame(cb) : null;

export class RunEventBatch {
  private pending: RunEvents = { evals: [], marks: [] };
  private timer: ReturnType<typeof setTimeout> | null = null;
  private scheduled = false;

  constructor(private readonly store: AppStore, private readonly maxWaitMs = 100) {}

  addEval(runId: string, result: EvalResult): void {
    this.pending.evals.push({ runId, result });
    this.schedule();
  }

  addCheckpoint(runId: string, mark: CheckpointMark): void {
    this.pending.marks.push({ runId, mark });
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    frame?.(() => this.flush());
    this.timer = setTimeout(() => this.flush(), this.maxWaitMs);
  }

  /** Applies what is pending in one store update. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.scheduled = false;
    const batch = this.pending;
    if (batch.evals.length === 0 && batch.marks.length === 0) return;
    this.pending = { evals: [], marks: [] };
    this.store.getState().applyRunEvents(batch);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = { evals: [], marks: [] };
  }
}
