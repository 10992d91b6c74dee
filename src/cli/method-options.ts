// The CLI flags of the student methods (CoOp, adapters, ...) and the --init file of their initial values.
import { DEFAULT_METHOD_OPTIONS, OPTIMIZERS, type MethodOptions, type TrainConfig } from '../protocol/train-config';
import { methodRecipe, type RecipeKey } from '../protocol/method-recipe';
import type { InitValues } from '../train/methods/student-head';
import { readJsonFile } from './io-node';

export const METHOD_OPTIONS = {
  proreg: { type: 'boolean' },
  optimizer: { type: 'string' },
  init: { type: 'string' },
  'coop-context': { type: 'string' },
  'coop-tokens': { type: 'string' },
  'coop-init': { type: 'string' },
  'coop-layout': { type: 'string' },
  'adapter-ratio': { type: 'string' },
  'adapter-reduction': { type: 'string' },
  'tip-alpha': { type: 'string' },
  'tip-beta': { type: 'string' },
  'tip-search': { type: 'string' },
  'tip-search-scale': { type: 'string' },
  'tip-search-steps': { type: 'string' },
  'lpft-probe-epochs': { type: 'string' },
} as const;

/** Each option's flag, by its path under the config's methodOptions (for messages naming the flag). */
export const OPTION_FLAGS: Record<string, keyof typeof METHOD_OPTIONS> = {
  proreg: 'proreg', optimizer: 'optimizer',
  'coop.context': 'coop-context', 'coop.tokens': 'coop-tokens', 'coop.init': 'coop-init', 'coop.layout': 'coop-layout',
  'clipAdapter.ratio': 'adapter-ratio', 'clipAdapter.reduction': 'adapter-reduction',
  'tipAdapter.alpha': 'tip-alpha', 'tipAdapter.beta': 'tip-beta', 'tipAdapter.search': 'tip-search',
  'tipAdapter.searchScale': 'tip-search-scale', 'tipAdapter.searchSteps': 'tip-search-steps', 'lpft.probeEpochs': 'lpft-probe-epochs',
};

type Values = Record<string, string | string[] | boolean | undefined>;

export function pick<T extends string>(v: Values, key: string, allowed: readonly T[], fallback: T): T {
  const raw = v[key];
  if (raw === undefined) return fallback;
  if (!allowed.includes(raw as T)) throw new Error(`--${key} must be one of ${allowed.join(', ')}, got "${String(raw)}"`);
  return raw as T;
}

function count(v: Values, key: string, fallback: number): number {
  const raw = v[key];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${key} must be a whole number of at least 1, got "${String(raw)}"`);
  return n;
}

export function real(v: Values, key: string, fallback: number): number {
  const raw = v[key];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`--${key} must be a number, got "${String(raw)}"`);
  return n;
}

/** "a,b": two positive numbers. */
function pair(v: Values, key: string, fallback: [number, number]): [number, number] {
  const raw = v[key];
  if (raw === undefined) return fallback;
  const parts = String(raw).split(',').map(Number);
  if (parts.length !== 2 || !parts.every((n) => Number.isFinite(n) && n > 0)) throw new Error(`--${key} must be two positive numbers "beta,alpha", got "${String(raw)}"`);
  return [parts[0], parts[1]];
}

export function methodOptionsFromArgs(v: Values): MethodOptions {
  const d = DEFAULT_METHOD_OPTIONS;
  const layout = pick(v, 'coop-layout', ['coop', 'proreg'] as const, d.coop.layout);
  return {
    ...d,
    proreg: v.proreg === true,
    optimizer: pick(v, 'optimizer', OPTIMIZERS, d.optimizer),
    coop: {
      // ProReg's coop_finetune: 16 vectors per class.
      context: pick(v, 'coop-context', ['unified', 'class'] as const, layout === 'proreg' ? 'class' : d.coop.context),
      tokens: count(v, 'coop-tokens', d.coop.tokens),
      init: typeof v['coop-init'] === 'string' ? v['coop-init'] : d.coop.init,
      layout,
    },
    clipAdapter: { ratio: real(v, 'adapter-ratio', d.clipAdapter.ratio), reduction: count(v, 'adapter-reduction', d.clipAdapter.reduction) },
    tipAdapter: {
      alpha: real(v, 'tip-alpha', d.tipAdapter.alpha),
      beta: real(v, 'tip-beta', d.tipAdapter.beta),
      search: pick(v, 'tip-search', ['on', 'off'] as const, d.tipAdapter.search ? 'on' : 'off') === 'on',
      searchScale: pair(v, 'tip-search-scale', d.tipAdapter.searchScale),
      searchSteps: pair(v, 'tip-search-steps', d.tipAdapter.searchSteps).map(Math.round) as [number, number],
    },
    lpft: { probeEpochs: count(v, 'lpft-probe-epochs', d.lpft.probeEpochs) },
  };
}

const RECIPE_FLAGS: Record<RecipeKey, string> = { lrHead: 'lr-head', lrEncoder: 'lr-encoder', weightDecay: 'weight-decay', epochs: 'epochs', schedule: 'schedule', warmupSteps: 'warmup-steps' };

/** The method's recipe values (protocol/method-recipe.ts) where the user gave no flag for them. */
export function methodDefaults(v: Values, cfg: TrainConfig): Partial<TrainConfig> {
  const recipe = methodRecipe(cfg.method, cfg.methodOptions?.optimizer);
  return Object.fromEntries(Object.entries(recipe).filter(([key]) => v[RECIPE_FLAGS[key as RecipeKey]] === undefined));
}

/** --init FILE.json: `{ "name": nested number lists }`, e.g. CoOp's `ctx` [1 or C, M, D]. */
export function readInitFile(path: string): InitValues {
  const raw = readJsonFile<unknown>(path, '--init file');
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`--init ${path}: expected an object of named arrays, e.g. {"ctx": [[[...]]]}`);
  const out: InitValues = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const shape: number[] = [];
    for (let x: unknown = value; Array.isArray(x); x = x[0]) shape.push(x.length);
    const flat = Array.isArray(value) ? (value.flat(Infinity) as unknown[]) : [value];
    if (flat.some((n) => typeof n !== 'number' || !Number.isFinite(n))) throw new Error(`--init ${path}: "${name}" must hold finite numbers only`);
    if (flat.length !== shape.reduce((a, b) => a * b, 1)) throw new Error(`--init ${path}: "${name}" is ragged (rows of different lengths)`);
    out[name] = { shape, data: Float32Array.from(flat as number[]) };
  }
  return out;
}
