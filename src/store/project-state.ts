// The UI's part of a saved project: what `save-ui-state` sends and how an opened project comes back. The
// engine owns images, labels and runs (each run's name, config, step history, evaluations, checkpoints and
// final result: worker/runs.ts's EngineRun); the UI saves only its own state (the model it loaded, the
// prompts, the training config being edited, the benchmark queue) and rebuilds its views of the runs from the
// engine's records when a project opens. Projects saved before the engine kept whole records carry the UI's
// old copy of each run (`runs`): it is read to fill what such a record lacks, and never written again.
// Project files are JSON, so typed arrays travel as plain arrays and NaN may come back as null.
import type { RunInfo, RunSummary } from '../protocol/messages';
import { DEFAULT_TRAIN_CONFIG, type EvalResult, type SplitEval, type TrainConfig } from '../protocol/train-types';
import type { AppState } from './app-store';
import type { ValSplit } from './dataset-slice';
import type { StepTable } from './metrics-store';
import { runLabel, type CheckpointMark, type RunView, type RunState } from './runs-slice';
import type { BenchItem } from './bench-slice';
import { checkedConfig, checkedSavedRun } from './saved-run-check';
import { withEngineHistory } from './step-history';

export const UI_FORMAT = 'proreg-ui';
export const UI_VERSION = 1;
/** Step rows a restored run's charts keep; longer histories keep every k-th row (and the last). */
export const MAX_SAVED_STEPS = 20_000;

type JsonSplit = Omit<SplitEval, 'ids' | 'predicted' | 'probTrue'> & { ids: number[]; predicted: number[]; probTrue: (number | null)[] };
export type JsonEval = Omit<EvalResult, 'splits'> & { splits: JsonSplit[] };

/** A run as UIs before the engine kept whole records saved it (JSON: typed arrays as plain arrays); read only. */
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
  /** Runs as older projects' UI state saved them (read to fill older engine records; no longer written). */
  runs?: SavedRunView[];
  /** The benchmark table's queue (absent in projects saved before it existed). */
  bench?: BenchItem[];
}

// ---- save ----

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

/** The UI's own state, small and cheap to build: no run record (the engine saves those as they change). */
export function buildUiState(s: AppState): UiState {
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
export function readUiState(x: unknown): (UiState & { runs: SavedRunView[] }) | null {
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
  return { runId: info.runId, steps: info.lastStep ?? 0, stopped: info.stopped ?? false, final: info.final, bestStep: info.bestStep };
}

const CLOSED_EARLY = 'the page closed before the run took its first checkpoint';

/** `a` with every item of `b` whose step `a` lacks, in step order (the engine's record wins a tie). */
function byStep<T extends { step: number }>(engine: T[] | undefined, saved: T[]): T[] {
  const have = new Set((engine ?? []).map((x) => x.step));
  return [...saved.filter((x) => !have.has(x.step)), ...(engine ?? [])].sort((a, b) => a.step - b.step);
}

function restoredState(info: RunInfo | undefined, saved: SavedRunView | undefined): { state: RunState; error: string | null; resumeFrom: number | null } {
  if (info?.resumable) return { state: 'interrupted', error: null, resumeFrom: info.lastStep };
  if (info?.done) return { state: 'done', error: null, resumeFrom: null };
  if (info?.error) return { state: 'failed', error: info.error, resumeFrom: null };
  if (saved && (saved.state === 'done' || saved.state === 'failed')) return { state: saved.state, error: saved.error ?? null, resumeFrom: null };
  // Known to have started, neither finished nor resumable: the page closed (or the engine stopped) before a checkpoint.
  return { state: 'failed', error: saved || info?.evals ? CLOSED_EARLY : 'the run ended before it finished', resumeFrom: null };
}

/**
 * The UI's views of an opened project's runs, built from the engine's records (in the order they started).
 * A run the engine can resume is 'interrupted'; one it neither finished nor can resume failed. An older
 * project's saved UI copy fills what its engine records lack (evaluations, checkpoints, names, step rows).
 */
export function restoreRuns(ui: UiState | null, infos: RunInfo[]): RestoredRuns {
  const byId = new Map(infos.map((i) => [i.runId, i]));
  const legacy = new Map((ui?.runs ?? []).map((r) => [r.id, r]));
  // Records saved before the engine kept a start time come after the others, in the engine's order.
  const at = (i: RunInfo) => i.startedAt ?? Number.MAX_SAFE_INTEGER;
  const started = [...infos].sort((a, b) => at(a) - at(b)).map((i) => i.runId);
  const order = [...legacy.keys(), ...started.filter((id) => !legacy.has(id))];
  const out: RestoredRuns = { order, runs: {}, tables: {} };
  order.forEach((id, n) => {
    const info = byId.get(id);
    const saved = legacy.get(id);
    const config = info?.config ?? { ...DEFAULT_TRAIN_CONFIG, ...saved!.config };
    const { state, error, resumeFrom } = restoredState(info, saved);
    let evals = byStep(info?.evals, (saved?.evals ?? []).map(evalFromJson));
    // The engine's final evaluation stands in wherever the record missed it.
    const final = info?.done ? info.final : null;
    if (final && !evals.some((e) => e.step === final.step)) evals = [...evals, final];
    const savedSummary = saved?.summary ? { ...saved.summary, final: saved.summary.final ? evalFromJson(saved.summary.final) : final } : null;
    out.runs[id] = {
      id, label: info?.label ?? saved?.label ?? runLabel(n + 1, config), config, state, startedAt: info?.startedAt ?? saved?.startedAt ?? 0,
      evals, checkpoints: byStep(info?.checkpoints, saved?.checkpoints ?? []),
      summary: state !== 'done' ? null : info && (info.evals || !savedSummary) ? summaryOf(info) : savedSummary,
      sweep: info?.sweep ? { runId: id, ...info.sweep } : null, error, resumeFrom,
    };
    const table = withEngineHistory(tableFromJson(saved?.steps), info?.history);
    if (table) out.tables[id] = table.step.length > MAX_SAVED_STEPS ? thinTable(table) : table;
  });
  return out;
}
