// The UI's part of a saved project: what `save-ui-state` sends and how an opened project comes back. The
// engine keeps images, labels and checkpoints itself; the UI adds the model it loaded, the prompts, the
// training config, the runs as the UI knows them (label, state, evaluations) and each run's step history.
// Project files are JSON, so typed arrays travel as plain arrays and NaN may come back as null.
import type { RunInfo, RunSummary, SweepResult } from '../protocol/messages';
import { DEFAULT_TRAIN_CONFIG, type EvalResult, type SplitEval, type TrainConfig } from '../protocol/train-types';
import type { AppState } from './app-store';
import type { ValSplit } from './dataset-slice';
import type { MetricsState, StepTable } from './metrics-store';
import { runLabel, type CheckpointMark, type RunView, type RunState } from './runs-slice';
import type { BenchItem } from './bench-slice';
import { checkedConfig, checkedSavedRun } from './saved-run-check';
import { withEngineHistory } from './step-history';

export const UI_FORMAT = 'proreg-ui';
export const UI_VERSION = 1;
/** Step rows saved per run; longer histories keep every k-th row (and the last). */
export const MAX_SAVED_STEPS = 20_000;

type JsonSplit = Omit<SplitEval, 'ids' | 'predicted' | 'probTrue'> & { ids: number[]; predicted: number[]; probTrue: (number | null)[] };
export type JsonEval = Omit<EvalResult, 'splits'> & { splits: JsonSplit[] };

/** A RunView as a project file saves it (JSON: typed arrays as plain arrays). */
export interface SavedRunView {
  id: string;
  label: string;
  config: TrainConfig;
  state: RunState;
  startedAt: number;
  evals: JsonEval[];
  checkpoints: CheckpointMark[];
  summary: (Omit<RunSummary, 'final'> & { final: JsonEval | null }) | null;
  error: string | null;
  steps: StepTable | null;
  /** The run's last WiSE-FT / ensemble sweep (absent in projects saved before it was kept). */
  sweep?: SweepResult | null;
}

export interface UiState {
  format: typeof UI_FORMAT;
  version: typeof UI_VERSION;
  /** The hub model loaded last: reloaded from the browser cache when the project opens. */
  modelId: string | null;
  /** Or the dropped model folder kept in browser storage (its key), reloaded from there. */
  localModel?: string | null;
  templates: string[];
  displayNames: Record<string, string>;
  trainConfig: TrainConfig;
  valSplit: ValSplit;
  runs: SavedRunView[];
  /** The benchmark table's queue (absent in projects saved before it existed). */
  bench?: BenchItem[];
}

// ---- save ----

function evalToJson(e: EvalResult): JsonEval {
  return { ...e, splits: e.splits.map((s) => ({ ...s, ids: Array.from(s.ids), predicted: Array.from(s.predicted), probTrue: Array.from(s.probTrue) })) };
}

/** A copy of the table, thinned to at most `max` rows (always keeping the last). */
export function thinTable(t: StepTable, max = MAX_SAVED_STEPS): StepTable {
  const n = t.step.length;
  const k = Math.max(1, Math.ceil(n / max));
  const pick = (col: number[]) => (k === 1 ? col.slice() : col.filter((_, i) => i % k === 0 || i === n - 1));
  return {
    step: pick(t.step), epoch: pick(t.epoch), loss: pick(t.loss), lrEncoder: pick(t.lrEncoder), lrHead: pick(t.lrHead),
    means: Object.fromEntries(Object.entries(t.means).map(([name, col]) => [name, pick(col)])),
  };
}

export function buildUiState(s: AppState, metrics: MetricsState): UiState {
  return {
    format: UI_FORMAT,
    version: UI_VERSION,
    modelId: s.hubModel,
    localModel: s.localModel,
    templates: [...s.templates],
    displayNames: { ...s.displayNames },
    trainConfig: { ...s.trainConfig },
    valSplit: { ...s.valSplit, moved: [...s.valSplit.moved] },
    bench: s.benchQueue.map((it) => ({ ...it })),
    runs: s.runOrder.map((id) => {
      const r = s.runs[id];
      const m = metrics.runs[id];
      return {
        id, label: r.label, config: r.config, state: r.state, startedAt: r.startedAt,
        evals: r.evals.map(evalToJson),
        checkpoints: r.checkpoints,
        summary: r.summary ? { ...r.summary, final: r.summary.final ? evalToJson(r.summary.final) : null } : null,
        error: r.error,
        steps: m && m.table.step.length > 0 ? thinTable(m.table) : null,
        sweep: r.sweep,
      };
    }),
  };
}

// ---- restore ----

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const nums = (x: unknown): number[] => (Array.isArray(x) || ArrayBuffer.isView(x) ? Array.from(x as ArrayLike<unknown>, (v) => (typeof v === 'number' ? v : NaN)) : []);

function evalFromJson(e: JsonEval | EvalResult): EvalResult {
  return {
    ...e,
    splits: e.splits.map((s) => ({
      ...s, ids: Int32Array.from(nums(s.ids)), predicted: Int32Array.from(nums(s.predicted)), probTrue: Float32Array.from(nums(s.probTrue)),
    })),
  };
}

function tableFromJson(t: unknown): StepTable | null {
  if (!isObj(t) || !Array.isArray(t.step)) return null;
  const means = isObj(t.means) ? Object.fromEntries(Object.entries(t.means).map(([k, v]) => [k, nums(v)])) : {};
  return { step: nums(t.step), epoch: nums(t.epoch), loss: nums(t.loss), lrEncoder: nums(t.lrEncoder), lrHead: nums(t.lrHead), means };
}

/** The saved UI state, or null when there is none (a new project) or it is not one this UI wrote. */
export function readUiState(x: unknown): UiState | null {
  if (!isObj(x) || x.format !== UI_FORMAT || x.version !== UI_VERSION) return null;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : []);
  const runs = Array.isArray(x.runs) ? x.runs.map(checkedSavedRun).filter((r): r is SavedRunView => r !== null) : [];
  const valSplit = isObj(x.valSplit) && typeof x.valSplit.fraction === 'number' ? (x.valSplit as unknown as ValSplit) : { fraction: 0.1, seed: 0, moved: [] };
  return {
    format: UI_FORMAT,
    version: UI_VERSION,
    modelId: typeof x.modelId === 'string' && x.modelId ? x.modelId : null,
    localModel: typeof x.localModel === 'string' && x.localModel ? x.localModel : null,
    templates: strings(x.templates),
    displayNames: isObj(x.displayNames) ? Object.fromEntries(Object.entries(x.displayNames).filter(([, v]) => typeof v === 'string')) as Record<string, string> : {},
    trainConfig: checkedConfig(x.trainConfig),
    valSplit: { fraction: valSplit.fraction, seed: valSplit.seed ?? 0, moved: nums(valSplit.moved) },
    runs,
    bench: Array.isArray(x.bench)
      ? x.bench.filter((b): b is BenchItem => isObj(b) && typeof b.method === 'string' && typeof b.seed === 'number' && isObj(b.config) && (b.runId === null || typeof b.runId === 'string'))
        .map((b) => ({ ...b, config: checkedConfig(b.config) }))
      : [],
  };
}

export interface RestoredRuns {
  order: string[];
  runs: Record<string, RunView>;
  /** Step history per run, for the metrics store. */
  tables: Record<string, StepTable>;
}

function summaryOf(info: RunInfo): RunSummary {
  return { runId: info.runId, steps: info.lastStep ?? 0, stopped: false, final: info.final, bestStep: info.bestStep };
}

/**
 * The runs of an opened project: the UI's saved records, corrected by what the engine knows. A run the engine
 * can resume is 'interrupted' (whatever the UI last saw); a run the UI saw live that the engine cannot resume
 * failed; runs the UI never saved (it was closed before the save) are rebuilt from the engine's record.
 */
export function restoreRuns(ui: UiState | null, infos: RunInfo[]): RestoredRuns {
  const byId = new Map(infos.map((i) => [i.runId, i]));
  const out: RestoredRuns = { order: [], runs: {}, tables: {} };
  for (const saved of ui?.runs ?? []) {
    const info = byId.get(saved.id);
    byId.delete(saved.id);
    const evals = (saved.evals ?? []).map(evalFromJson);
    const summary = saved.summary ? { ...saved.summary, final: saved.summary.final ? evalFromJson(saved.summary.final) : null } : null;
    let state: RunState = saved.state;
    let error = saved.error ?? null;
    let resumeFrom: number | null = null;
    if (info?.resumable) {
      state = 'interrupted';
      resumeFrom = info.lastStep;
      error = null;
    } else if (state !== 'done' && state !== 'failed') {
      if (info?.done) state = 'done';
      else {
        state = 'failed';
        error = 'the page closed before the run took its first checkpoint';
      }
    }
    // The engine's final evaluation stands in wherever the UI's save missed it.
    const final = info?.done && info.final && !summary?.final ? info.final : null;
    out.order.push(saved.id);
    out.runs[saved.id] = {
      id: saved.id, label: saved.label, config: { ...DEFAULT_TRAIN_CONFIG, ...saved.config }, state, startedAt: saved.startedAt ?? 0,
      evals: final && !evals.some((e) => e.step === final.step) ? [...evals, final] : evals,
      checkpoints: saved.checkpoints ?? [],
      summary: summary ? { ...summary, final: summary.final ?? final } : state === 'done' && info ? summaryOf(info) : null,
      sweep: saved.sweep ?? null, error, resumeFrom,
    };
    const table = withEngineHistory(tableFromJson(saved.steps), info?.history);
    if (table) out.tables[saved.id] = table;
  }
  for (const info of byId.values()) {
    const state: RunState = info.resumable ? 'interrupted' : info.done ? 'done' : 'failed';
    out.order.push(info.runId);
    out.runs[info.runId] = {
      id: info.runId, label: runLabel(out.order.length, info.config), config: info.config, state, startedAt: 0,
      evals: info.final ? [info.final] : [], checkpoints: [], summary: info.done ? summaryOf(info) : null, sweep: null,
      error: state === 'failed' ? 'the run ended before it finished' : null, resumeFrom: info.resumable ? info.lastStep : null,
    };
    const table = withEngineHistory(null, info.history);
    if (table) out.tables[info.runId] = table;
  }
  return out;
}
