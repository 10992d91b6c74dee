// Shared by the engine and the UI (plain TypeScript, no dependencies).
// Reading a run back from its metrics JSON lines (`cli train`, or train.py of an exported PyTorch project)
// and, when given, the project's run.json: the step points, per-sample values and evaluations the studio's
// charts, Inspection and Comparison show for a run trained in the browser.
import type { SweepPoint } from '../protocol/messages';
import { DEFAULT_TRAIN_CONFIG, SPLITS, type EvalResult, type SampleArrays, type SplitEval, type SplitName, type StepPoint, type TrainConfig } from '../protocol/train-types';

export interface ImportedStep {
  point: StepPoint;
  samples: SampleArrays;
}

export interface ImportedRun {
  name: string;
  /** From run.json; the studio's defaults where none was given (`configKnown` false). */
  config: TrainConfig;
  configKnown: boolean;
  steps: ImportedStep[];
  /** Every evaluation in file order; the last one is the final evaluation. */
  evals: EvalResult[];
  /** train.py --sweep: WiSE-FT and the output ensemble over weights on the fine-tuned model. */
  sweep: { ensemble: SweepPoint[]; wise: SweepPoint[] } | null;
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const num = (x: unknown): number => (typeof x === 'number' ? x : NaN); // JSON null stands for NaN
const nums = (x: unknown): number[] => (Array.isArray(x) ? x.map(num) : []);
const STEP_KEYS = new Set(['kind', 'step', 'epoch', 'loss', 'lr_encoder', 'lr_head', 'samples']);

function stepOf(r: Obj, where: string): ImportedStep {
  if (typeof r.step !== 'number' || typeof r.loss !== 'number') throw new Error(`${where}: a step record needs numbers "step" and "loss"`);
  const means: Record<string, number> = {};
  for (const [k, v] of Object.entries(r)) if (!STEP_KEYS.has(k) && typeof v === 'number') means[k] = v;
  const s = isObj(r.samples) ? r.samples : {};
  const ids = nums(s.ids);
  const col = (k: string) => (Array.isArray(s[k]) && (s[k] as unknown[]).length === ids.length ? Float32Array.from(nums(s[k])) : new Float32Array(ids.length).fill(NaN));
  return {
    point: { step: r.step, epoch: num(r.epoch), loss: r.loss, means, lrEncoder: num(r.lr_encoder), lrHead: num(r.lr_head) },
    samples: { ids: Int32Array.from(ids), ce: col('ce'), kl: col('kl'), w: col('w'), ps: col('ps'), pt: col('pt') },
  };
}

function splitOf(split: SplitName, s: Obj, classes: string[] | null): SplitEval {
  const perClassObj = isObj(s.per_class) ? s.per_class : {};
  const names = classes ?? Object.keys(perClassObj);
  const wg = isObj(s.worst_group) && typeof s.worst_group.group === 'string' ? { group: s.worst_group.group, accuracy: num(s.worst_group.accuracy) } : null;
  const samples = isObj(s.samples) ? s.samples : {};
  return {
    split,
    count: num(s.count),
    accuracy: num(s.accuracy),
    perClass: names.map((c) => num(perClassObj[c])),
    perGroup: isObj(s.per_group) ? Object.fromEntries(Object.entries(s.per_group).map(([g, a]) => [g, num(a)])) : {},
    worstGroup: wg,
    confusion: Array.isArray(s.confusion) ? s.confusion.map(nums) : [],
    ids: Int32Array.from(nums(samples.ids)),
    predicted: Int32Array.from(nums(samples.predicted)),
    probTrue: Float32Array.from(nums(samples.prob_true)),
  };
}

function evalOf(r: Obj, where: string, classes: string[] | null): EvalResult {
  if (typeof r.step !== 'number' || !isObj(r.splits)) throw new Error(`${where}: an eval record needs a number "step" and an object "splits"`);
  const splits = r.splits;
  const unknown = Object.keys(splits).filter((k) => !SPLITS.includes(k as SplitName));
  if (unknown.length) throw new Error(`${where}: unknown split "${unknown[0]}" (expected ${SPLITS.join(', ')})`);
  return { step: r.step, epoch: num(r.epoch), splits: SPLITS.filter((sp) => isObj(splits[sp])).map((sp) => splitOf(sp, splits[sp] as Obj, classes)) };
}

function sweepOf(r: Obj, where: string): { ensemble: SweepPoint[]; wise: SweepPoint[] } {
  const points = (x: unknown, key: string): SweepPoint[] => {
    if (!Array.isArray(x)) throw new Error(`${where}: a sweep record needs an array "${key}"`);
    return x.filter(isObj).map((p) => ({
      alpha: num(p.alpha),
      accuracy: isObj(p.accuracy) ? Object.fromEntries(Object.entries(p.accuracy).map(([k, v]) => [k, num(v)])) : {},
      worstGroup: isObj(p.worst_group) ? Object.fromEntries(Object.entries(p.worst_group).map(([k, v]) => [k, num(v)])) : {},
    }));
  };
  return { ensemble: points(r.ensemble, 'ensemble'), wise: points(r.wise, 'wise') };
}

/** The settings a project's run.json recorded, or null when the text is not one. */
export function readRunJson(text: string): { name: string; config: TrainConfig; classes: string[] } {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    throw new Error('run.json is not valid JSON');
  }
  if (!isObj(j) || j.format !== 'proreg-studio-torch-run' || !isObj(j.config)) throw new Error('run.json is not the run description of an exported PyTorch project');
  return {
    name: typeof j.name === 'string' ? j.name : 'pytorch',
    config: { ...DEFAULT_TRAIN_CONFIG, ...(j.config as Partial<TrainConfig>) },
    classes: Array.isArray(j.classes) ? j.classes.filter((c): c is string => typeof c === 'string') : [],
  };
}

/**
 * Parses metrics JSON lines; `run` is the project's run.json text when the user gives it. Errors name the
 * line. A file with no step and no eval record is refused: it is not a run's metrics.
 */
export function parseRunImport(metrics: string, fileName = 'metrics.jsonl', run?: string): ImportedRun {
  const meta = run !== undefined ? readRunJson(run) : null;
  const classes = meta?.classes.length ? meta.classes : null;
  const steps: ImportedStep[] = [];
  const evals: EvalResult[] = [];
  let sweep: ImportedRun['sweep'] = null;
  metrics.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${fileName} line ${i + 1}`;
    let r: unknown;
    try {
      r = JSON.parse(line);
    } catch {
      throw new Error(`${where} is not JSON: expected one JSON record per line`);
    }
    if (!isObj(r)) throw new Error(`${where} is not a JSON object`);
    if (r.kind === 'step') steps.push(stepOf(r, where));
    else if (r.kind === 'eval') evals.push(evalOf(r, where, classes));
    else if (r.kind === 'sweep') sweep = sweepOf(r, where);
  });
  if (steps.length === 0 && evals.length === 0) throw new Error(`${fileName} holds no step or eval records: choose the metrics file train.py or cli train wrote`);
  return { name: meta?.name ?? fileName.replace(/\.jsonl?$/, ''), config: meta?.config ?? DEFAULT_TRAIN_CONFIG, configKnown: meta !== null, steps, evals, sweep };
}
