// The training config's fields as people meet them: their labels, their bounds (read from the schema, so the
// form and the CLI never restate them), what is wrong with a config in words, and the lenient reading of a
// saved UI state (a bad field falls back to its default instead of blanking the app).
import type { z } from 'zod';
import { DEFAULT_TRAIN_CONFIG, methodOptionsSchema, trainConfigSchema, type TrainConfig } from './train-config';

export type ConfigKey = Exclude<keyof TrainConfig, 'methodOptions'>;

export const FIELD_LABELS: Record<ConfigKey, string> = {
  method: 'Method', scope: 'Scope', alpha: 'Alpha', temperature: 'Temperature', variant: 'Weight variant', gamma: 'Gamma',
  lrEncoder: 'Encoder learning rate', lrHead: 'Head learning rate', weightDecay: 'Weight decay', schedule: 'Schedule',
  warmupFraction: 'Warm-up fraction', warmupSteps: 'Warm-up steps', epochs: 'Epochs', batchSize: 'Batch size', microBatch: 'Micro-batch', seed: 'Seed',
  augment: 'Augmentation', teacherView: 'Teacher view', evalsPerEpoch: 'Evaluations per epoch', valFraction: 'Validation fraction',
};

export interface ConfigIssue {
  /** Where in the config, e.g. ['epochs'] or ['methodOptions', 'coop', 'tokens']. */
  path: string[];
  /** What is wrong, without the field's name: 'must be >0'. */
  message: string;
  /** The value found there. */
  got: unknown;
}

const at = (x: unknown, path: string[]): unknown =>
  path.reduce<unknown>((o, k) => (typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[k] : undefined), x);

/** zod's "Too small: expected number to be >0" as "must be >0". */
const plain = (m: string) => m.replace(/^Too (small|big): expected number to be /, 'must be ').replace(/^Invalid option: expected one of /, 'must be one of ')
  .replace(/^Invalid input: expected int, received number$/, 'must be a whole number');

function issuesOf(error: z.ZodError, x: unknown): ConfigIssue[] {
  return error.issues.map((i) => {
    const path = i.path.map(String);
    return { path, message: plain(i.message), got: at(x, path) };
  });
}

/** The config, or what is wrong with it. */
export function checkTrainConfig(x: unknown): { config: TrainConfig; issues: [] } | { config: null; issues: ConfigIssue[] } {
  const r = trainConfigSchema.safeParse(x);
  return r.success ? { config: r.data, issues: [] } : { config: null, issues: issuesOf(r.error, x) };
}

/** One issue as a sentence: 'Batch size 30 must be a multiple of the micro-batch 16.' */
export function issueSentence(i: ConfigIssue): string {
  const label = FIELD_LABELS[i.path[0] as ConfigKey] ?? i.path.join('.');
  const got = typeof i.got === 'number' || typeof i.got === 'string' ? ` ${typeof i.got === 'string' ? `"${i.got}"` : i.got}` : '';
  return `${label}${got} ${i.message}.`;
}

/** The config a train request carries, or an error naming every problem (the engine's entry check). */
export function parseTrainConfig(x: unknown): TrainConfig {
  const { config, issues } = checkTrainConfig(x);
  if (config) return config;
  const words = issues.map((i) => issueSentence(i).replace(/^./, (c) => c.toLowerCase()).replace(/\.$/, ''));
  throw Object.assign(new Error(`the training settings cannot run: ${words.join('; ')}`), { name: 'ConfigError' });
}

export interface NumberBounds {
  min?: number;
  max?: number;
  /** Whole numbers only. */
  int: boolean;
}

type NumberLike = { minValue: number | null; maxValue: number | null; isInt: boolean };

function unwrapNumber(s: z.ZodType): NumberLike {
  let t: z.ZodType = s;
  while ('unwrap' in t && typeof t.unwrap === 'function') t = t.unwrap() as z.ZodType;
  return t as unknown as NumberLike;
}

const boundsOf = (s: z.ZodType): NumberBounds => {
  const n = unwrapNumber(s);
  return { min: n.minValue ?? undefined, max: n.maxValue ?? undefined, int: n.isInt };
};

/** The bounds of a numeric setting, as the schema states them. */
export const numberBounds = (key: ConfigKey): NumberBounds => boundsOf(trainConfigSchema.shape[key]);

/** The bounds of a numeric method option, e.g. ('coop', 'tokens'). */
export function optionBounds<G extends 'coop' | 'clipAdapter' | 'tipAdapter' | 'lpft'>(group: G, key: string): NumberBounds {
  const g = unwrapNumber(methodOptionsSchema.shape[group]) as unknown as z.ZodObject;
  return boundsOf(g.shape[key] as z.ZodType);
}

/** What is wrong with one value of a setting ('must be >0'), or null: the form checks as the user types. */
export function fieldProblem(key: ConfigKey, v: unknown): string | null {
  const r = trainConfigSchema.shape[key].safeParse(v);
  return r.success ? null : plain(r.error.issues[0].message);
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A saved UI state's config, field by field: each value that fits its field is kept, any other takes its default. */
export function restoreTrainConfig(x: unknown): TrainConfig {
  const src = isObj(x) ? x : {};
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(FIELD_LABELS) as ConfigKey[]) {
    const r = trainConfigSchema.shape[key].safeParse(src[key]);
    out[key] = r.success ? r.data : DEFAULT_TRAIN_CONFIG[key];
  }
  // Method options exist only in configs saved since the methods beyond the paper's own.
  if (isObj(src.methodOptions)) {
    const o = src.methodOptions;
    const groups: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(methodOptionsSchema.shape)) {
      const r = (s as z.ZodType).safeParse(o[k]);
      if (r.success) groups[k] = r.data;
    }
    out.methodOptions = methodOptionsSchema.parse(groups);
  }
  return out as TrainConfig;
}
