// Checks one run of a saved project's UI state field by field: a project file is user input (hand-edited or
// hostile), and one object where the UI expects a string blanks the whole app. Bad fields get safe values
// (a run label from its number, no evaluations), so the project still opens.
import { restoreTrainConfig } from '../protocol/config-fields';
import type { JsonEval, SavedRunView } from './project-state';
import type { CheckpointMark, RunState } from './runs-slice';

const RUN_STATES: readonly RunState[] = ['starting', 'running', 'paused', 'stopping', 'done', 'failed', 'interrupted'];

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const numArray = (x: unknown) => Array.isArray(x) && x.every((v) => v === null || typeof v === 'number');

/** Keeps each setting that fits its field in the config's schema, so a string or object never lands in a number field. */
export const checkedConfig = restoreTrainConfig;

function validEval(e: unknown): e is JsonEval {
  return isObj(e) && isNum(e.step) && isNum(e.epoch) && Array.isArray(e.splits) && e.splits.every((s) =>
    isObj(s) && typeof s.split === 'string' && isNum(s.count) && isNum(s.accuracy) && numArray(s.perClass) && isObj(s.perGroup)
    && Array.isArray(s.confusion) && s.confusion.every(numArray) && numArray(s.ids) && numArray(s.predicted) && numArray(s.probTrue)
    && (s.worstGroup === null || (isObj(s.worstGroup) && typeof s.worstGroup.group === 'string' && isNum(s.worstGroup.accuracy))));
}

function validMark(m: unknown): m is CheckpointMark {
  return isObj(m) && isNum(m.step) && isNum(m.epoch) && (m.valAccuracy === null || isNum(m.valAccuracy)) && typeof m.best === 'boolean';
}

/** The run with every field checked, or null when it has no id. `index` numbers the fallback label. */
export function checkedSavedRun(r: unknown, index: number): SavedRunView | null {
  if (!isObj(r) || typeof r.id !== 'string' || !r.id) return null;
  const s = r.summary;
  const summary = isObj(s) && typeof s.runId === 'string' && isNum(s.steps) && typeof s.stopped === 'boolean'
    ? { runId: s.runId, steps: s.steps, stopped: s.stopped, bestStep: isNum(s.bestStep) ? s.bestStep : null, final: validEval(s.final) ? s.final : null }
    : null;
  return {
    id: r.id,
    label: typeof r.label === 'string' && r.label ? r.label.slice(0, 200) : `run ${index + 1}`,
    config: checkedConfig(r.config),
    state: RUN_STATES.includes(r.state as RunState) ? (r.state as RunState) : 'failed',
    startedAt: isNum(r.startedAt) ? r.startedAt : 0,
    evals: Array.isArray(r.evals) ? r.evals.filter(validEval) : [],
    checkpoints: Array.isArray(r.checkpoints) ? r.checkpoints.filter(validMark) : [],
    summary,
    error: typeof r.error === 'string' ? r.error : null,
    steps: isObj(r.steps) ? (r.steps as unknown as SavedRunView['steps']) : null,
  };
}
