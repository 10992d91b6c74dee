// `cli train`: fine-tune on a folder dataset, stream metrics as JSON lines, export the model.
import { accessSync, appendFileSync, constants, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { ClipBundle } from '../hub/model-bundle';
import { decodeImage } from '../data/decode-node';
import { trainConfig as trainConfigSchema } from '../persist/project-schema';
import { DEFAULT_TRAIN_CONFIG, type Method, type TrainConfig } from '../protocol/train-types';
import { imageTrainData } from '../train/image-train-data';
import { makeRng } from '../shared/rng';
import { withValidationSplit } from '../train/train-data';
import { Trainer } from '../train/trainer';
import { trainedParams } from '../train/trained-params';
import { classEmbeddings, DEFAULT_TEMPLATE } from '../train/zero-shot';
import { exportClipFiles } from '../weights/export-clip';
import { checkClassesKept, decodeRejection, readFolderDataset } from './dataset-node';
import { log } from './io-node';
import { evalRecord } from './metrics-records';
import { METHOD_OPTIONS, methodDefaults, methodOptionsFromArgs, readInitFile } from './method-options';

export const TRAIN_OPTIONS = {
  metrics: { type: 'string' },
  out: { type: 'string' },
  /** The final evaluation's logits per sample, as JSON {ids, logits} in id order. */
  logits: { type: 'string' },
  method: { type: 'string', default: 'proreg' },
  variant: { type: 'string' },
  gamma: { type: 'string' },
  alpha: { type: 'string' },
  temperature: { type: 'string' },
  scope: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  'micro-batch': { type: 'string' },
  'lr-encoder': { type: 'string' },
  'lr-head': { type: 'string' },
  'weight-decay': { type: 'string' },
  schedule: { type: 'string' },
  augment: { type: 'string' },
  'teacher-view': { type: 'string' },
  'val-fraction': { type: 'string' },
  'evals-per-epoch': { type: 'string' },
  seed: { type: 'string' },
  ...METHOD_OPTIONS,
} as const;

type Values = Record<string, string | string[] | boolean | undefined>;

const METHODS: Record<string, Method> = { proreg: 'proreg', ce: 'finetune', finetune: 'finetune', kd: 'kd', 'linear-probe': 'linear-probe', 'zero-shot': 'zero-shot', coop: 'coop', 'clip-adapter': 'clip-adapter', 'tip-adapter': 'tip-adapter', 'tip-adapter-f': 'tip-adapter-f', 'lp-ft': 'lp-ft' };

/** Methods that train only new parameters over the frozen image encoder. */
const FROZEN_ENCODER: readonly Method[] = ['coop', 'clip-adapter', 'tip-adapter', 'tip-adapter-f'];

function num(v: Values, key: string, fallback: number): number {
  const raw = v[key];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`--${key} must be a number, got "${String(raw)}"`);
  return n;
}

function oneOf<T extends string>(v: Values, key: string, allowed: readonly T[], fallback: T): T {
  const raw = v[key];
  if (raw === undefined) return fallback;
  if (!allowed.includes(raw as T)) throw new Error(`--${key} must be one of ${allowed.join(', ')}, got "${String(raw)}"`);
  return raw as T;
}

export function trainConfigFromArgs(v: Values): TrainConfig {
  const d = DEFAULT_TRAIN_CONFIG;
  const method = METHODS[String(v.method ?? 'proreg')];
  if (!method) throw new Error(`--method must be one of ${Object.keys(METHODS).join(', ')}, got "${String(v.method)}"`);
  const cfg: TrainConfig = {
    ...d,
    method,
    scope: String(v.scope ?? (method === 'linear-probe' || FROZEN_ENCODER.includes(method) ? 'head' : d.scope)),
    variant: oneOf(v, 'variant', ['official', 'prob_ratio', 'ce_ratio'] as const, d.variant),
    gamma: num(v, 'gamma', d.gamma),
    alpha: num(v, 'alpha', d.alpha),
    temperature: num(v, 'temperature', d.temperature),
    epochs: num(v, 'epochs', d.epochs),
    batchSize: num(v, 'batch-size', d.batchSize),
    microBatch: num(v, 'micro-batch', Math.min(d.microBatch, num(v, 'batch-size', d.batchSize))),
    lrEncoder: num(v, 'lr-encoder', d.lrEncoder),
    lrHead: num(v, 'lr-head', d.lrHead),
    weightDecay: num(v, 'weight-decay', d.weightDecay),
    schedule: oneOf(v, 'schedule', ['constant', 'warmup-linear'] as const, d.schedule),
    augment: oneOf(v, 'augment', ['none', 'randaugment'] as const, 'none'),
    teacherView: oneOf(v, 'teacher-view', ['augmented', 'clean'] as const, d.teacherView),
    valFraction: num(v, 'val-fraction', d.valFraction),
    evalsPerEpoch: num(v, 'evals-per-epoch', d.evalsPerEpoch),
    seed: num(v, 'seed', d.seed),
    methodOptions: methodOptionsFromArgs(v),
  };
  return { ...cfg, ...methodDefaults(v, cfg) };
}

const flagOf = (key: string) => `--${key.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`)}`;

/** Refuses settings that cannot train (no steps, no training images, a zero temperature) before any work. */
export function checkTrainConfig(cfg: TrainConfig): void {
  const parsed = trainConfigSchema.safeParse(cfg);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`${flagOf(String(i.path[0]))} ${i.message.replace(/^Too small: expected number to be /, 'must be ').replace(/^Too big: expected number to be /, 'must be ')} (got ${String((cfg as unknown as Record<string, unknown>)[String(i.path[0])])})`);
  }
  if (cfg.valFraction >= 1) throw new Error(`--val-fraction must be below 1 (it is the share of training images held out for validation), got ${cfg.valFraction}`);
  if (cfg.microBatch > cfg.batchSize) throw new Error(`--micro-batch (${cfg.microBatch}) must not exceed --batch-size (${cfg.batchSize})`);
}

/** Makes sure the results can be written before training for minutes: --out is a writable folder, --metrics a writable file. */
function checkOutputs(out: string, metrics: string): void {
  let isFile = false;
  try {
    isFile = !statSync(out).isDirectory();
  } catch {
    // does not exist yet: created below
  }
  if (isFile) throw new Error(`--out ${out} is a file, not a folder: choose a folder for the exported model`);
  try {
    mkdirSync(out, { recursive: true });
    accessSync(out, constants.W_OK);
  } catch (e) {
    throw new Error(`cannot write the exported model to --out ${out}: ${e instanceof Error ? e.message.replace(/^\w+: /, '') : String(e)}`);
  }
  try {
    writeFileSync(metrics, '');
  } catch (e) {
    throw new Error(`cannot write --metrics ${metrics}: ${e instanceof Error ? e.message.replace(/^\w+: /, '') : String(e)}`);
  }
}

/** Per-sample logits in id order: the record train.py's --logits writes too. */
function finalLogits(logits: Map<number, Float32Array>): { ids: number[]; logits: number[][] } {
  const ids = [...logits.keys()].sort((a, b) => a - b);
  return { ids, logits: ids.map((id) => Array.from(logits.get(id)!)) };
}

export async function train(bundle: ClipBundle, v: Values) {
  if (!v.data || !v.metrics || !v.out) throw new Error('train needs --data DIR, --metrics FILE.jsonl and --out DIR');
  const cfg = trainConfigFromArgs(v);
  checkTrainConfig(cfg);
  const folder = readFolderDataset(String(v.data));
  const metricsFile = String(v.metrics);
  checkOutputs(String(v.out), metricsFile);
  const templates = (v.template as string[] | undefined)?.length ? (v.template as string[]) : [DEFAULT_TEMPLATE];
  const all = folder.samples.map((s, id) => ({ id, label: s.label, split: s.split }));
  const data = imageTrainData({
    classNames: folder.classes,
    samples: all,
    preprocess: bundle.preprocess,
    decode: async (id) => decodeImage(folder.samples[id].read(), folder.samples[id].file),
  });
  const failures = await data.warm((d, t) => d % 50 === 0 && log(`preprocessed ${d}/${t}`));
  // Images that failed to decode are refused like the studio refuses them; training goes on without them.
  const rejected = [...folder.rejected, ...[...failures].map(([id, e]) => decodeRejection(folder.samples[id].file, e))];
  checkClassesKept({ ...folder, rejected }, folder.samples.filter((_, id) => !failures.has(id)));
  const usable = all.filter((s) => !failures.has(s.id));
  // The train data reads this array: keep the decodable samples only, with the validation split carved from them.
  all.splice(0, all.length, ...withValidationSplit(usable, cfg.valFraction, makeRng(cfg.seed + 17)));
  const w0 = classEmbeddings(bundle.model, bundle.tokenizer, folder.classes, templates);
  const init = typeof v.init === 'string' ? readInitFile(v.init) : undefined;
  const trainer = new Trainer(bundle.model, w0, data, cfg, {
    step: (p) => appendFileSync(metricsFile, `${JSON.stringify({ kind: 'step', step: p.step, epoch: p.epoch, loss: p.loss, ...p.means, lr_encoder: p.lrEncoder, lr_head: p.lrHead })}\n`),
    eval: (r) => appendFileSync(metricsFile, `${JSON.stringify(evalRecord(r, folder.classes))}\n`),
    progress: (p) => p.phase === 'training' && log(`step ${p.done}/${p.total} ${p.imagesPerSec.toFixed(1)} img/s`),
  }, undefined, { tokenizer: bundle.tokenizer, init });
  const result = await trainer.train();
  const out = String(v.out);
  const { params, headW, headScale } = await trainedParams(result.model);
  const files = exportClipFiles(bundle.model.config, params, {
    ...bundle.files,
    head: { classes: folder.classes, templates, W: headW, logit_scale: headScale, method: cfg.method, scope: cfg.scope, config: cfg },
  });
  for (const f of files) writeFileSync(join(out, f.name), f.bytes);
  if (typeof v.logits === 'string') writeFileSync(v.logits, `${JSON.stringify(finalLogits(result.logits))}\n`);
  trainer.dispose();
  result.model.dispose();
  w0.dispose();
  log(`tensors left: ${tf.memory().numTensors}`);
  return { rejected: rejected.map(({ file, reason, message }) => ({ file, reason, message })), steps: result.steps, best_step: result.best?.step ?? null, ...(result.searched ? { searched: result.searched } : {}), final: result.final ? evalRecord(result.final, folder.classes) : null, out, metrics: metricsFile };
}
