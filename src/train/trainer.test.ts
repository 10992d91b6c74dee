// The training loop's guarantees: determinism, no tensor growth, caches that change nothing, clean stops
// on a non-finite loss, pause/stop within a step, and resuming after a lost device on another backend.
import { describe, expect, it, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../backend/backend-node';
import { ClipModel } from '../model/clip';
import { randomParams } from '../model/random-init';
import { DEFAULT_TRAIN_CONFIG, type SampleArrays, type StepPoint, type TrainConfig } from '../protocol/train-types';
import { TINY_P16 } from '../testing/random-clip-node';
import { syntheticData } from '../testing/synthetic-data';
import type { TrainerCheckpoint } from './checkpoint';
import type { TrainData } from './train-data';
import { NonFiniteLossError, Trainer, type TrainerControl } from './trainer';

const S = TINY_P16.vision.imageSize;
const base: TrainConfig = {
  ...DEFAULT_TRAIN_CONFIG, scope: 'full', epochs: 2, batchSize: 8, microBatch: 4, augment: 'none', valFraction: 0, evalsPerEpoch: 1,
  lrEncoder: 1e-3, lrHead: 1e-2, schedule: 'warmup-linear', seed: 5,
};

function setup(cfg: Partial<TrainConfig> = {}, data: TrainData = syntheticData({ classes: 3, perClass: 4, size: S, splits: ['train', 'test'], groups: true }), control?: TrainerControl, useCaches = true) {
  const model = new ClipModel(TINY_P16, randomParams(TINY_P16, 11));
  const w0 = tf.tidy(() => tf.randomNormal([3, TINY_P16.projectionDim], 0, 1, 'float32', 4)) as tf.Tensor2D;
  const points: StepPoint[] = [];
  const arrays: SampleArrays[] = [];
  const checkpoints: TrainerCheckpoint[] = [];
  const trainer = new Trainer(model, w0, data, { ...base, ...cfg }, {
    step: (p, a) => { points.push(p); arrays.push(a); },
    checkpoint: (c) => checkpoints.push(c),
  }, control, { useCaches });
  const dispose = () => { trainer.dispose(); trainer.model.dispose(); w0.dispose(); model.dispose(); };
  return { trainer, points, arrays, checkpoints, dispose };
}

beforeAll(async () => {
  await useNodeBackend('wasm');
});

describe('trainer', () => {
  it('same seed, same data, same backend: identical metrics', async () => {
    const runs = [];
    for (let i = 0; i < 2; i++) {
      const r = setup();
      const result = await r.trainer.train();
      runs.push({ points: r.points, arrays: r.arrays.map((a) => Array.from(a.ce)), final: result.final!.splits.map((s) => s.accuracy) });
      r.dispose();
    }
    expect(runs[0].points.length).toBe(4);
    expect(runs[1]).toEqual(runs[0]);
  });

  for (const scope of ['head', 'last-1', 'full']) {
    it(`no tensor growth between step 10 and step 100 (${scope})`, async () => {
      const counts = new Map<number, number>();
      const r = setup({ scope, epochs: 51, batchSize: 6, microBatch: 3 }, syntheticData({ classes: 3, perClass: 4, size: S, splits: ['train', 'val'] }));
      const trainer = r.trainer as unknown as { events: { step?: (p: StepPoint, a: SampleArrays) => void } };
      const inner = trainer.events.step!;
      trainer.events.step = (p, a) => { inner(p, a); if (p.step === 10 || p.step === 100) counts.set(p.step, tf.memory().numTensors); };
      await r.trainer.train();
      expect(r.points.length).toBeGreaterThanOrEqual(101);
      expect(counts.get(100)).toBe(counts.get(10));
      r.dispose();
    });
  }

  it('head-only and last-K give the same losses with and without the caches', async () => {
    for (const scope of ['head', 'last-1']) {
      const a = setup({ scope, method: 'proreg' }, undefined, undefined, true);
      await a.trainer.train();
      const b = setup({ scope, method: 'proreg' }, undefined, undefined, false);
      await b.trainer.train();
      a.points.forEach((p, i) => expect(Math.abs(p.loss - b.points[i].loss)).toBeLessThan(1e-5 * Math.max(1, Math.abs(p.loss))));
      a.dispose();
      b.dispose();
    }
  });

  it('stops on a non-finite loss and keeps the last good checkpoint', async () => {
    const good = syntheticData({ classes: 3, perClass: 4, size: S });
    let calls = 0;
    const poisoned: TrainData = { ...good, async pixels(ids, o) { const px = await good.pixels(ids, o); if (++calls > 6) px.fill(NaN); return px; } };
    const r = setup({ epochs: 4 }, poisoned);
    const err = await r.trainer.train().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonFiniteLossError);
    expect((err as Error).message).toMatch(/loss became non-finite .* at step \d+; training stopped\. The last good checkpoint \(step \d+\) is kept/);
    const ck = (err as NonFiniteLossError).checkpoint!;
    expect(ck.step).toBeGreaterThan(0);
    Object.values(ck.vars).forEach((v) => expect(v.every(Number.isFinite)).toBe(true));
    r.dispose();
  });

  it('pause holds the loop and stop takes effect within one step', async () => {
    let paused = false;
    let stopped = false;
    let wake: (() => void) | null = null;
    const control: TrainerControl = {
      isStopped: () => stopped,
      waitWhilePaused: async () => { while (paused && !stopped) await new Promise<void>((res) => (wake = res)); },
    };
    const r = setup({ epochs: 20, scope: 'head' }, undefined, control);
    const inner = (r.trainer as unknown as { events: { step: (p: StepPoint, a: SampleArrays) => void } }).events;
    const orig = inner.step;
    let stepsWhilePaused = -1;
    inner.step = (p, a) => {
      orig(p, a);
      if (p.step === 2) {
        paused = true;
        setTimeout(() => { stepsWhilePaused = r.points.length; paused = false; wake?.(); }, 150);
      }
      if (p.step === 6) stopped = true;
    };
    const result = await r.trainer.train();
    expect(stepsWhilePaused).toBe(3); // nothing ran while paused
    expect(result.stopped).toBe(true);
    expect(result.steps).toBe(7); // the step in flight finished, no more
    r.dispose();
  });

  it('after a lost device, resumes from the last checkpoint on another backend and matches an uninterrupted run', async () => {
    const reference = setup({ epochs: 3 });
    await reference.trainer.train();
    const refLosses = reference.points.map((p) => p.loss);
    reference.dispose();

    const good = syntheticData({ classes: 3, perClass: 4, size: S, splits: ['train', 'test'], groups: true });
    let calls = 0;
    let lose = true;
    const flaky: TrainData = { ...good, async pixels(ids, o) { if (lose && ++calls > 12) throw new Error('GPUDevice was lost: simulated'); return good.pixels(ids, o); } };
    const first = setup({ epochs: 3 }, flaky);
    await expect(first.trainer.train()).rejects.toThrow(/GPUDevice was lost/);
    const ckpt = first.checkpoints.at(-1)!;
    expect(ckpt.step).toBeGreaterThan(0);
    first.dispose();

    lose = false;
    await useNodeBackend('cpu');
    const resumed = setup({ epochs: 3 }, flaky);
    const result = await resumed.trainer.train(ckpt);
    expect(result.steps).toBe(refLosses.length);
    resumed.points.forEach((p) => expect(Math.abs(p.loss - refLosses[p.step]) / Math.abs(refLosses[p.step])).toBeLessThan(1e-4));
    expect(resumed.points[0].step).toBe(ckpt.step);
    resumed.dispose();
    await useNodeBackend('wasm');
  });
});
