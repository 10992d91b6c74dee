// Runs a method's reference trajectory (scripts/reference/*.json, made by PyTorch ports of the official
// code) through the real trainer on tiny-clip-b32 with the 8 reference images: the setup of
// proreg-trajectories.json, one batch of all images per step, constant learning rate, no augmentation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { parseSafetensors } from '../weights/safetensors';
import { loadClipModel } from '../weights/load-clip';
import { ClipTokenizer } from '../tokenizer/clip-tokenizer';
import { DEFAULT_TRAIN_CONFIG, type StepPoint, type TrainConfig } from '../protocol/train-types';
import { classEmbeddings } from '../train/zero-shot';
import { memoryData } from '../train/memory-data';
import { Trainer } from '../train/trainer';
import type { InitValues } from '../train/methods/student-head';
import type { SampleMeta } from '../train/train-data';
import { readF32, repoRoot, tinyClipDir, tinyClipReferenceDir } from './shared-fixtures';

export interface ReferenceFile<R> {
  images: string[];
  classes: string[];
  template: string;
  labels: number[];
  steps: number;
  runs: R[];
}

export function readReference<R>(name: string): ReferenceFile<R> {
  return JSON.parse(readFileSync(join(repoRoot, 'scripts', 'reference', name), 'utf8')) as ReferenceFile<R>;
}

export function loadTinyClip() {
  const model = loadClipModel(JSON.parse(readFileSync(join(tinyClipDir, 'config.json'), 'utf8')), parseSafetensors(new Uint8Array(readFileSync(join(tinyClipDir, 'model.safetensors')))));
  const tokenizer = ClipTokenizer.fromFiles(readFileSync(join(tinyClipDir, 'vocab.json'), 'utf8'), readFileSync(join(tinyClipDir, 'merges.txt'), 'utf8'));
  return { model, tokenizer };
}

export function referencePixels(images: string[]): Map<number, Float32Array> {
  return new Map(images.map((name, i) => [i, readF32(join(tinyClipReferenceDir, 'images', `${name}.pixels.f32`))]));
}

/** Nested number lists -> a flat Float32Array and its shape. */
export function tensorValue(nested: unknown): { shape: number[]; data: Float32Array } {
  const shape: number[] = [];
  for (let x = nested; Array.isArray(x); x = x[0]) shape.push(x.length);
  return { shape, data: Float32Array.from((nested as number[]).flat(Infinity) as number[]) };
}

/**
 * Trains `config` (batch 8, constant rate, `steps` epochs of one step) and returns every step and the final
 * logits; `templates` (the reference's one template where absent) build the zero-shot head and the prompts.
 */
export async function runReference(ref: ReferenceFile<unknown>, config: Partial<TrainConfig>, init?: InitValues, splits?: SampleMeta[], templates = [ref.template]) {
  const { model, tokenizer } = loadTinyClip();
  const samples = splits ?? ref.labels.map((label, id) => ({ id, label, split: 'train' as const }));
  const cfg: TrainConfig = {
    ...DEFAULT_TRAIN_CONFIG, schedule: 'constant', epochs: ref.steps, batchSize: 8, microBatch: 8, augment: 'none', valFraction: 0, evalsPerEpoch: 1, ...config,
  };
  const w0 = classEmbeddings(model, tokenizer, ref.classes, templates);
  const points: StepPoint[] = [];
  const trainer = new Trainer(model, w0, memoryData(ref.classes, samples, referencePixels(ref.images)), cfg, { step: (p) => points.push(p) }, undefined, { tokenizer, init, templates });
  const before = tf.memory().numTensors;
  const result = await trainer.train();
  const logits = await trainer.logitsFor(samples.map((s) => s.id));
  trainer.dispose();
  result.model.dispose();
  w0.dispose();
  model.dispose();
  return { points, logits, before, after: tf.memory().numTensors, searched: result.searched };
}

/** Largest |a - b| over the largest |b|. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return err / scale;
}
