// `cli train`: fine-tune on a folder dataset, stream metrics as JSON lines, export the model.
import { accessSync, appendFileSync, constants, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { ClipBundle } from '../hub/model-bundle';
import { decodeImage } from '../data/decode-node';
import { checkTrainConfig } from '../protocol/config-fields';
import { AUGMENTS, DEFAULT_TRAIN_CONFIG, METHODS, SCHEDULES, TEACHER_VIEWS, trainsEncoder, VARIANTS, type Method, type TrainConfig } from '../protocol/train-config';
import { imageTrainData } from '../train/image-train-data';
import { exportedHead, RunJob } from '../train/run-job';
import { trainedParams } from '../train/trained-params';
import { DEFAULT_TEMPLATE } from '../train/zero-shot';
import { exportClipFiles } from '../weights/export-clip';
import { checkClassesKept, decodeRejection, readFolderDataset } from './dataset-node';
import { log } from './io-node';
import { evalRecord } from './metrics-records';
import { METHOD_OPTIONS, methodDefaults, methodOptionsFromArgs, OPTION_FLAGS, pick as oneOf, readInitFile, real as num } from './method-options';

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
  'warmup-steps': { type: 'string' },
  augment: { type: 'string' },
  'teacher-view': { type: 'string' },
  'val-fraction': { type: 'string' },
  'evals-per-epoch': { type: 'string' },
  seed: { type: 'string' },
  ...METHOD_OPTIONS,
} as const;

type Values = Record<string, string | string[] | boolean | undefined>;

/** `--method ce` is fine-tuning with cross-entropy. */
const METHOD_ALIASES: Record<string, Method> = { ce: 'finetune' };

/** The flags as a config, checked against the schema: a bad value is refused naming its flag and bound. */
export function trainConfigFromArgs(v: Values): TrainConfig {
  const d = DEFAULT_TRAIN_CONFIG;
  const method = METHOD_ALIASES[String(v.method)] ?? oneOf(v, 'method', [...METHODS, ...Object.keys(METHOD_ALIASES)] as Method[], d.method);
  const cfg: TrainConfig = {
    ...d,
    method,
    scope: String(v.scope ?? (trainsEncoder(method) ? d.scope : 'head')),
    variant: oneOf(v, 'variant', VARIANTS, d.variant),
    gamma: num(v, 'gamma', d.gamma),
    alpha: num(v, 'alpha', d.alpha),
    temperature: num(v, 'temperature', d.temperature),
    epochs: num(v, 'epochs', d.epochs),
    batchSize: num(v, 'batch-size', d.batchSize),
    microBatch: num(v, 'micro-batch', Math.min(d.microBatch, num(v, 'batch-size', d.batchSize))),
    lrEncoder: num(v, 'lr-encoder', d.lrEncoder),
    lrHead: num(v, 'lr-head', d.lrHead),
    weightDecay: num(v, 'weight-decay', d.weightDecay),
    schedule: oneOf(v, 'schedule', SCHEDULES, d.schedule),
    warmupSteps: num(v, 'warmup-steps', d.warmupSteps),
    augment: oneOf(v, 'augment', AUGMENTS, 'none'),
    teacherView: oneOf(v, 'teacher-view', TEACHER_VIEWS, d.teacherView),
    valFraction: num(v, 'val-fraction', d.valFraction),
    evalsPerEpoch: num(v, 'evals-per-epoch', d.evalsPerEpoch),
    seed: num(v, 'seed', d.seed),
    methodOptions: methodOptionsFromArgs(v),
  };
  return checkedFlags({ ...cfg, ...methodDefaults(v, cfg) });
}

/** The CLI's spelling of a config path: ['batchSize'] is --batch-size, ['methodOptions', 'coop', 'tokens'] --coop-tokens. */
function flagOf(path: string[]): string {
  const key = path[0] === 'methodOptions' ? (OPTION_FLAGS[path.slice(1, 3).join('.')] ?? OPTION_FLAGS[path[1]] ?? path.slice(1).join('-')) : path[0];
  return `--${key.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`)}`;
}

/** Refuses settings that cannot train (no steps, no training images, a zero temperature) before any work. */
function checkedFlags(cfg: TrainConfig): TrainConfig {
  const { config, issues } = checkTrainConfig(cfg);
  if (config) return config;
  const i = issues[0];
  throw new Error(`${flagOf(i.path)} ${i.message} (got ${String(i.got)})`);
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

/** A cosine warm-up (FLYP's recipe: 500 steps) as long as the whole run never reaches the rate asked: say so. */
function warnLongWarmup(cfg: TrainConfig, trainImages: number): void {
  const steps = Math.ceil(trainImages / cfg.batchSize) * cfg.epochs;
  if (cfg.schedule !== 'cosine' || cfg.warmupSteps < steps) return;
  log(`note: --warmup-steps ${cfg.warmupSteps} is not shorter than the run's ${steps} step${steps === 1 ? '' : 's'}, so the learning rate stays below the rate asked; a tenth of the run would be --warmup-steps ${Math.max(1, Math.floor(steps / 10))}`);
}

export async function train(bundle: ClipBundle, v: Values) {
  if (!v.data || !v.metrics || !v.out) throw new Error('train needs --data DIR, --metrics FILE.jsonl and --out DIR');
  const config = trainConfigFromArgs(v);
  const folder = readFolderDataset(String(v.data));
  const templates = (v.template as string[] | undefined)?.length ? (v.template as string[]) : [DEFAULT_TEMPLATE];
  // Fitted to the backend's memory as the studio fits a run, before any work.
  const job = new RunJob({ clip: bundle.model, tokenizer: bundle.tokenizer, config, classNames: folder.classes, templates, backend: tf.getBackend() });
  if (job.note) log(job.note);
  const metricsFile = String(v.metrics);
  checkOutputs(String(v.out), metricsFile);
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
  all.splice(0, all.length, ...job.samples(usable));
  warnLongWarmup(job.config, all.filter((s) => s.split === 'train').length);
  const init = typeof v.init === 'string' ? readInitFile(v.init) : undefined;
  try {
    const result = await job.train({
      data,
      init,
      events: {
        step: (p) => appendFileSync(metricsFile, `${JSON.stringify({ kind: 'step', step: p.step, epoch: p.epoch, loss: p.loss, ...p.means, lr_encoder: p.lrEncoder, lr_head: p.lrHead })}\n`),
        eval: (r) => appendFileSync(metricsFile, `${JSON.stringify(evalRecord(r, folder.classes))}\n`),
        progress: (p) => p.phase === 'training' && log(`step ${p.done}/${p.total} ${p.imagesPerSec.toFixed(1)} img/s`),
      },
    });
    const out = String(v.out);
    const { params, headW, headScale } = await trainedParams(result.model);
    const files = exportClipFiles(bundle.model.config, params, { ...bundle.files, head: exportedHead({ classNames: folder.classes, templates, config: job.config }, headW, headScale) });
    for (const f of files) writeFileSync(join(out, f.name), f.bytes);
    if (typeof v.logits === 'string') writeFileSync(v.logits, `${JSON.stringify(finalLogits(result.logits))}\n`);
    return { rejected: rejected.map(({ file, reason, message }) => ({ file, reason, message })), steps: result.steps, best_step: result.best?.step ?? null, ...(result.searched ? { searched: result.searched } : {}), final: result.final ? evalRecord(result.final, folder.classes) : null, out, metrics: metricsFile };
  } finally {
    job.dispose();
    log(`tensors left: ${tf.memory().numTensors}`);
  }
}
