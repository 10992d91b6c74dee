// vit-b32-train-step: images/s of one ProReg optimisation step through the real Trainer, per scope.
// Each step is timed from the trainer's pre-step pause check to its step event, so the caching pass,
// the end-of-epoch evaluation and checkpoint reads are all outside the timing.
import * as tf from '@tensorflow/tfjs-core';
import type { ClipModel } from '../../src/model/clip';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../src/protocol/train-types';
import { memoryData } from '../../src/train/memory-data';
import { Trainer } from '../../src/train/trainer';
import { BENCH_CLASSES, fakePixels, randomClassEmbeds } from './geometry';

export const TRAIN_METRIC = 'vit-b32-train-step';

export interface StepRunOptions {
  scope: string;
  batch: number;
  microBatch: number;
  /** Steps run before timing starts. */
  warmup: number;
  /** Timed steps wanted. */
  iters: number;
  /** Stop after this many ms of timed steps (at least one timed step). */
  capMs: number;
  /** Record tf.memory().numTensors after these step numbers (0-based). */
  tensorsAt?: number[];
  /** Changes to the benchmark's TrainConfig (e.g. augmentation, whose teacher runs every step). */
  config?: Partial<TrainConfig>;
}

export interface StepRun {
  /** Durations of the timed steps, ms. */
  times: number[];
  /** Caching pass + set-up before the first step, ms. */
  prepareMs: number;
  numTensorsAfter: Record<number, number>;
  stepsRun: number;
}

/** A TrainConfig for a benchmark run: ProReg, no augmentation (so head and last-K use their caches). */
export function benchTrainConfig(scope: string, batch: number, microBatch: number, epochs: number): TrainConfig {
  return { ...DEFAULT_TRAIN_CONFIG, method: 'proreg', scope, batchSize: batch, microBatch, epochs, augment: 'none', valFraction: 0, evalsPerEpoch: 1, schedule: 'constant' };
}

/**
 * `batch` samples and one step per epoch: epochs = warmup + iters. `marks` is told when each step begins
 * and ends (the memory profile uses it to cut its kernel list per step).
 */
export async function runSteps(clip: ClipModel, o: StepRunOptions, marks: { begin?(step: number): void; end?(step: number): void } = {}): Promise<StepRun> {
  const S = clip.config.vision.imageSize;
  const samples = Array.from({ length: o.batch }, (_, id) => ({ id, label: id % BENCH_CLASSES, split: 'train' as const }));
  const pixels = new Map(samples.map((s) => [s.id, fakePixels(3 * S * S, s.id + 1)]));
  const w0 = randomClassEmbeds(clip.config);
  const data = memoryData(Array.from({ length: BENCH_CLASSES }, (_, i) => `class ${i}`), samples, pixels);
  const times: number[] = [];
  const numTensorsAfter: Record<number, number> = {};
  const wanted = new Set(o.tensorsAt ?? []);
  let stop = false;
  let step = 0;
  let t0 = 0;
  let timedMs = 0;
  const started = performance.now();
  let prepareMs = 0;
  const trainer = new Trainer(clip, w0, data, { ...benchTrainConfig(o.scope, o.batch, o.microBatch, o.warmup + o.iters), ...o.config }, {
    step: () => {
      const dt = performance.now() - t0;
      marks.end?.(step);
      if (step >= o.warmup) {
        times.push(dt);
        timedMs += dt;
        if (timedMs >= o.capMs) stop = true;
      }
      if (wanted.has(step)) numTensorsAfter[step] = tf.memory().numTensors;
      step += 1;
    },
  }, {
    isStopped: () => stop,
    waitWhilePaused: async () => {
      if (step === 0) prepareMs = performance.now() - started;
      marks.begin?.(step);
      t0 = performance.now();
    },
  });
  try {
    await trainer.train();
  } finally {
    // After a WASM abort disposing throws too: keep the original error.
    try {
      trainer.dispose();
      trainer.model.dispose();
      w0.dispose();
    } catch {
      /* the backend is gone */
    }
  }
  return { times, prepareMs, numTensorsAfter, stepsRun: step };
}
