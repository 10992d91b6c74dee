// `cli train`: fine-tune on a folder dataset, stream metrics as JSON lines, export the model.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { ClipBundle } from '../hub/model-bundle';
import { decodeImageBytes } from '../data/decode-node';
import { DEFAULT_TRAIN_CONFIG, type Method, type TrainConfig } from '../protocol/train-types';
import { imageTrainData } from '../train/image-train-data';
import { makeRng } from '../shared/rng';
import { withValidationSplit } from '../train/train-data';
import { Trainer } from '../train/trainer';
import { trainedParams } from '../train/trained-params';
import { classEmbeddings, DEFAULT_TEMPLATE } from '../train/zero-shot';
import { exportClipFiles } from '../weights/export-clip';
import { readFolderDataset } from './dataset-node';
import { log } from './io-node';
import { evalRecord } from './metrics-records';
import { METHOD_OPTIONS, methodDefaults, methodOptionsFromArgs, readInitFile } from './method-options';

export const TRAIN_OPTIONS = {
  metrics: { type: 'string' },
  out: { type: 'string' },
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

export async function train(bundle: ClipBundle, v: Values) {
  if (!v.data || !v.metrics || !v.out) throw new Error('train needs --data DIR, --metrics FILE.jsonl and --out DIR');
  const cfg = trainConfigFromArgs(v);
  const folder = readFolderDataset(String(v.data));
  const templates = (v.template as string[] | undefined)?.length ? (v.template as string[]) : [DEFAULT_TEMPLATE];
  const samples = withValidationSplit(folder.samples.map((s, id) => ({ id, label: s.label, split: s.split })), cfg.valFraction, makeRng(cfg.seed + 17));
  const data = imageTrainData({
    classNames: folder.classes,
    samples,
    preprocess: bundle.preprocess,
    decode: async (id) => decodeImageBytes(new Uint8Array(readFileSync(folder.samples[id].file)), folder.samples[id].file),
  });
  const failures = await data.warm((d, t) => d % 50 === 0 && log(`preprocessed ${d}/${t}`));
  if (failures.size) throw new Error(`cannot read ${failures.size} image(s): ${[...failures.entries()].slice(0, 3).map(([id, e]) => `${folder.samples[id].file}: ${e.message}`).join('; ')}`);
  const metricsFile = String(v.metrics);
  writeFileSync(metricsFile, '');
  const w0 = classEmbeddings(bundle.model, bundle.tokenizer, folder.classes, templates);
  const init = typeof v.init === 'string' ? readInitFile(v.init) : undefined;
  const trainer = new Trainer(bundle.model, w0, data, cfg, {
    step: (p) => appendFileSync(metricsFile, `${JSON.stringify({ kind: 'step', step: p.step, epoch: p.epoch, loss: p.loss, ...p.means, lr_encoder: p.lrEncoder, lr_head: p.lrHead })}\n`),
    eval: (r) => appendFileSync(metricsFile, `${JSON.stringify(evalRecord(r, folder.classes))}\n`),
    progress: (p) => p.phase === 'training' && log(`step ${p.done}/${p.total} ${p.imagesPerSec.toFixed(1)} img/s`),
  }, undefined, { tokenizer: bundle.tokenizer, init });
  const result = await trainer.train();
  const out = String(v.out);
  mkdirSync(out, { recursive: true });
  const { params, headW, headScale } = await trainedParams(result.model);
  const files = exportClipFiles(bundle.model.config, params, {
    ...bundle.files,
    head: { classes: folder.classes, templates, W: headW, logit_scale: headScale, method: cfg.method, scope: cfg.scope, config: cfg },
  });
  for (const f of files) writeFileSync(join(out, f.name), f.bytes);
  trainer.dispose();
  result.model.dispose();
  w0.dispose();
  log(`tensors left: ${tf.memory().numTensors}`);
  return { steps: result.steps, best_step: result.best?.step ?? null, ...(result.searched ? { searched: result.searched } : {}), final: result.final ? evalRecord(result.final, folder.classes) : null, out, metrics: metricsFile };
}
