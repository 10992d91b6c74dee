// The method registry: every method the schema names has its engine, whose descriptor is the protocol's own;
// and a method is its folder plus one registration line. The toy method of testing/class-bias/ (a learned
// bias per class on the zero-shot classifier), registered below, trains two steps through the run job: its
// first loss is the zero-shot classifier's (the linear probe's first loss through the same job), the second
// is lower, and only its bias trains.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../../backend/backend-node';
import { methodInfo, METHODS } from '../../protocol/methods/registry';
import { DEFAULT_TRAIN_CONFIG, type Method, type StepPoint, type TrainConfig } from '../../protocol/train-types';
import { loadTinyClip, readReference, referencePixels } from '../../testing/method-reference';
import { memoryData } from '../memory-data';
import { RunJob } from '../run-job';
import { methodEngine, registerMethod } from './registry';
import { CLASS_BIAS } from './testing/class-bias/class-bias-head';
import { classBias } from './testing/class-bias/method';

registerMethod(classBias);

const ref = readReference<unknown>('lp_ft.json');

/** Trains `method` on the eight reference images, all of them in each of two steps. */
async function twoSteps(method: string) {
  const { model, tokenizer } = loadTinyClip();
  const config: TrainConfig = {
    ...DEFAULT_TRAIN_CONFIG, method: method as Method, scope: 'head', epochs: 2, batchSize: 8, microBatch: 8, augment: 'none', valFraction: 0,
    evalsPerEpoch: 1, schedule: 'constant', lrHead: 0.01,
  };
  const before = tf.memory().numTensors;
  const job = new RunJob({ clip: model, tokenizer, config, classNames: ref.classes, templates: [ref.template], backend: tf.getBackend() });
  const samples = job.samples(ref.labels.map((label, id) => ({ id, label, split: 'train' as const })));
  const points: StepPoint[] = [];
  const result = await job.train({ data: memoryData(ref.classes, samples, referencePixels(ref.images)), events: { step: (p) => points.push(p) } });
  const out = { run: job.run, points, steps: result.steps, trained: Object.keys(result.model.vars), best: result.best };
  job.dispose();
  model.dispose();
  return { ...out, before, after: tf.memory().numTensors };
}

beforeAll(async () => {
  await useNodeBackend('cpu');
});

describe('method registry', () => {
  it('gives every method of the schema its engine, described by the protocol\'s descriptor', () => {
    for (const m of METHODS) expect(methodEngine(m).info, m).toBe(methodInfo(m));
  });

  it('refuses a second method of the same name', () => {
    expect(() => registerMethod(classBias)).toThrow('a method "class-bias" is already registered');
  });

  it('trains a toy method registered with one line for two steps through the run job', async () => {
    const toy = await twoSteps('class-bias');
    expect(toy.run).toMatchObject({ trains: true, scope: { kind: 'head' }, lrEncoder: 0, lrHead: 0.01, loss: { kind: 'ce' } });
    expect(toy.steps).toBe(2);
    expect(toy.points.map((p) => p.step)).toEqual([0, 1]);
    expect(toy.trained).toEqual([CLASS_BIAS]);
    expect(toy.best!.vars[CLASS_BIAS].some((b) => b !== 0)).toBe(true);
    const probe = await twoSteps('linear-probe');
    expect(Math.abs(toy.points[0].loss - probe.points[0].loss) / probe.points[0].loss).toBeLessThan(1e-4);
    expect(toy.points[1].loss).toBeLessThan(toy.points[0].loss);
    expect(toy.after).toBeLessThanOrEqual(toy.before);
  });
});
