// Training runs: the config being edited, every run started (its state, evaluations, summary, sweep),
// and the live progress of the running one. High-frequency step data lives in metrics-store.ts instead.
import type { StateCreator } from 'zustand';
import type { CheckpointMark, Progress, RunSummary, SweepResult } from '../protocol/messages';
import { DEFAULT_TRAIN_CONFIG, type EvalResult, type TrainConfig } from '../protocol/train-types';
import { runLabel } from '../protocol/run-label';
import type { AppState } from './app-store';
import type { RunEvents } from './run-event-batch';

/** 'interrupted': a reload (or a lost device) ended the run before it finished; it resumes from its last checkpoint. */
export type RunState = 'starting' | 'running' | 'paused' | 'stopping' | 'done' | 'failed' | 'interrupted';

export type { CheckpointMark };

/** What the UI shows of a run (its label, state, evaluations as they came): a read-only view, fed by the
 * engine's events and, when a project opens, by its records. The engine owns the run and its record
 * (worker/runs.ts's EngineRun); the UI saves no copy of it. */
export interface RunView {
  id: string;
  label: string;
  config: TrainConfig;
  state: RunState;
  startedAt: number;
  /** Evaluations in the order they came (small: a few per epoch). */
  evals: EvalResult[];
  checkpoints: CheckpointMark[];
  summary: RunSummary | null;
  sweep: SweepResult | null;
  error: string | null;
  /** For a run restored from a saved project: the engine's last checkpoint, where a resume continues. */
  resumeFrom?: number | null;
}

export type PresetName = 'official' | 'classroom';

/** Quick enough for a class demo: train the last block, 2 short epochs, no augmentation. */
export const CLASSROOM_CONFIG: TrainConfig = {
  ...DEFAULT_TRAIN_CONFIG,
  scope: 'last-1',
  epochs: 2,
  batchSize: 32,
  microBatch: 16,
  augment: 'none',
  teacherView: 'clean',
  evalsPerEpoch: 1,
};

export const PRESETS: Record<PresetName, TrainConfig> = { official: DEFAULT_TRAIN_CONFIG, classroom: CLASSROOM_CONFIG };

export interface RunsSlice {
  trainConfig: TrainConfig;
  runOrder: string[];
  runs: Record<string, RunView>;
  activeRunId: string | null;
  /** Progress of the active run ('training', 'caching', 'evaluating', ...). */
  runProgress: Progress | null;

  setTrainConfig(patch: Partial<TrainConfig>): void;
  applyPreset(name: PresetName): void;
  runStarted(id: string, config: TrainConfig): void;
  setRunState(id: string, state: RunState): void;
  setRunProgress(id: string, p: Progress): void;
  addEval(id: string, result: EvalResult): void;
  addCheckpoint(id: string, mark: CheckpointMark): void;
  /** Several runs' evaluations and checkpoints in one update (run-event-batch.ts). */
  applyRunEvents(events: RunEvents): void;
  runFinished(summary: RunSummary): void;
  runFailed(id: string, message: string): void;
  setSweep(result: SweepResult): void;
  removeRun(id: string): void;
  /** Continues run `id` from its checkpoint at `fromStep`: evaluations after it will come again. */
  runResumed(id: string, fromStep: number): void;
  /** Replaces every run (a project was opened). */
  restoreRuns(runOrder: string[], runs: Record<string, RunView>): void;
}

export { runLabel };

export const createRunsSlice: StateCreator<AppState, [], [], RunsSlice> = (set) => {
  const patchRun = (id: string, fn: (r: RunView) => Partial<RunView>) =>
    set((s) => {
      const r = s.runs[id];
      return r ? { runs: { ...s.runs, [id]: { ...r, ...fn(r) } } } : {};
    });
  return {
    trainConfig: DEFAULT_TRAIN_CONFIG,
    runOrder: [],
    runs: {},
    activeRunId: null,
    runProgress: null,

    setTrainConfig: (patch) => set((s) => ({ trainConfig: { ...s.trainConfig, ...patch } })),
    applyPreset: (name) => set({ trainConfig: PRESETS[name] }),
    runStarted: (id, config) =>
      set((s) => ({
        runOrder: [...s.runOrder, id],
        runs: {
          ...s.runs,
          [id]: {
            id, label: runLabel(s.runOrder.length + 1, config), config, state: 'starting', startedAt: Date.now(),
            evals: [], checkpoints: [], summary: null, sweep: null, error: null,
          },
        },
        activeRunId: id,
        runProgress: null,
      })),
    setRunState: (id, state) => patchRun(id, () => ({ state })),
    setRunProgress: (id, p) => set((s) => (s.activeRunId === id ? { runProgress: p } : {})),
    addEval: (id, result) => patchRun(id, (r) => ({ evals: [...r.evals, result] })),
    addCheckpoint: (id, mark) => patchRun(id, (r) => ({ checkpoints: [...r.checkpoints, mark] })),
    applyRunEvents: ({ evals, marks }) =>
      set((s) => {
        const runs = { ...s.runs };
        const copied = new Set<string>();
        const run = (id: string) => {
          const r = runs[id];
          if (r && !copied.has(id)) {
            copied.add(id);
            runs[id] = { ...r, evals: [...r.evals], checkpoints: [...r.checkpoints] };
          }
          return runs[id];
        };
        for (const e of evals) run(e.runId)?.evals.push(e.result);
        for (const m of marks) run(m.runId)?.checkpoints.push(m.mark);
        return copied.size > 0 ? { runs } : {};
      }),
    runFinished: (summary) => {
      patchRun(summary.runId, (r) => ({
        summary,
        state: 'done',
        evals: summary.final && !r.evals.some((e) => e.step === summary.final!.step) ? [...r.evals, summary.final] : r.evals,
      }));
      // Keep the finished bar (the engine's last progress is 'done', 100%) so the result stays visible.
    },
    runFailed: (id, message) => {
      patchRun(id, () => ({ state: 'failed', error: message }));
      set((s) => (s.activeRunId === id ? { runProgress: null } : {}));
    },
    setSweep: (result) => patchRun(result.runId, () => ({ sweep: result })),
    runResumed: (id, fromStep) => {
      patchRun(id, (r) => ({
        state: 'starting', summary: null, error: null, sweep: null,
        evals: r.evals.filter((e) => e.step <= fromStep),
        checkpoints: r.checkpoints.filter((c) => c.step <= fromStep),
      }));
      set({ activeRunId: id, runProgress: null });
    },
    restoreRuns: (runOrder, runs) => set({ runOrder, runs, activeRunId: runOrder[runOrder.length - 1] ?? null, runProgress: null }),
    removeRun: (id) =>
      set((s) => {
        const runs = { ...s.runs };
        delete runs[id];
        return { runs, runOrder: s.runOrder.filter((r) => r !== id), activeRunId: s.activeRunId === id ? null : s.activeRunId };
      }),
  };
};

/** A run is live while the engine works on it. */
export function isLive(state: RunState | undefined): boolean {
  return state === 'starting' || state === 'running' || state === 'paused' || state === 'stopping';
}

/** The evaluation that stands for the run: the summary's final one, else the latest. */
export function headlineEval(r: RunView): EvalResult | null {
  return r.summary?.final ?? r.evals[r.evals.length - 1] ?? null;
}

/** The step a resume of this run continues from, or null when it cannot resume. */
export function resumeStep(r: RunView): number | null {
  if (r.state !== 'interrupted' && r.state !== 'failed') return null;
  const marks = r.checkpoints.map((c) => c.step);
  const steps = [...(r.resumeFrom !== undefined && r.resumeFrom !== null ? [r.resumeFrom] : []), ...marks];
  return steps.length > 0 ? Math.max(...steps) : null;
}
