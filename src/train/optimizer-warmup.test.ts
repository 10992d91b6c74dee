// The optimizers' warm-up (run before a WebGPU run's first step so that it builds the update's pipelines)
// runs the update and keeps nothing: parameters, moments and the step count are as before, and the updates
// that follow are the same as without it.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/backend-node';
import { AdamW, type ParamGroup } from './optimizer';
import { SGD } from './sgd';

function groups(): ParamGroup[] {
  const v = (vals: number[], shape: number[]) => tf.variable(tf.tensor(vals, shape));
  return [
    { name: 'encoder', vars: { 'e.w': v([0.5, -1, 2, 0.25, 3, -0.75], [2, 3]), 'e.b': v([0.1, -0.2, 0.3], [3]) }, weightDecay: 0.1, noDecay: (n) => n.endsWith('.b') },
    { name: 'head', vars: { w: v([1, 2, -3, 4], [2, 2]) }, weightDecay: 0.05, noDecay: () => false },
  ];
}

const grads = (step: number): Record<string, tf.Tensor> => ({
  'e.w': tf.tensor([0.3, -0.1, 0.2, 0.5, -0.4, 0.05].map((x) => x * step), [2, 3]),
  'e.b': tf.tensor([0.01, 0.02, -0.03].map((x) => x + step), [3]),
  w: tf.tensor([-0.2, 0.1, 0.4, -0.3].map((x) => x / step), [2, 2]),
});

async function values(gs: ParamGroup[]): Promise<number[][]> {
  return Promise.all(gs.flatMap((g) => Object.values(g.vars)).map(async (v) => Array.from(await v.data())));
}

/** Three updates, with a warm-up before the first when `warm`: the parameters after each, and the state. */
async function run(make: (gs: ParamGroup[]) => AdamW | SGD, warm: boolean) {
  const gs = groups();
  const opt = make(gs);
  const lrs = { encoder: 1e-2, head: 5e-2 };
  const before = await values(gs);
  const tensorsBefore = tf.memory().numTensors;
  if (warm) {
    const g = grads(1);
    opt.warmUp(g);
    tf.dispose(Object.values(g));
  }
  const leaked = tf.memory().numTensors - tensorsBefore;
  const afterWarmUp = await values(gs);
  const stateAfterWarmUp = await opt.state();
  const trace: number[][][] = [];
  for (let s = 1; s <= 3; s++) {
    const g = grads(s);
    opt.apply(g, lrs);
    tf.dispose(Object.values(g));
    trace.push(await values(gs));
  }
  const out = { before, afterWarmUp, stateAfterWarmUp, leaked, trace, state: await opt.state() };
  opt.dispose();
  gs.forEach((g) => Object.values(g.vars).forEach((v) => v.dispose()));
  return out;
}

describe.each(['cpu', 'wasm'] as const)('optimizer warm-up on %s', (backend) => {
  afterAll(async () => {
    await useNodeBackend('wasm');
  });

  it.each([
    ['AdamW', (gs: ParamGroup[]) => new AdamW(gs)],
    ['SGD', (gs: ParamGroup[]) => new SGD(gs)],
  ] as const)('%s: changes nothing, and the updates after it are those of a run without it', async (_, make) => {
    await useNodeBackend(backend);
    const warm = await run(make, true);
    const cold = await run(make, false);
    expect(warm.afterWarmUp).toEqual(warm.before);
    expect(warm.stateAfterWarmUp.step).toBe(0);
    for (const m of Object.values(warm.stateAfterWarmUp.m)) expect(Array.from(m).every((x) => x === 0)).toBe(true);
    expect(warm.trace).toEqual(cold.trace);
    expect(warm.state).toEqual(cold.state);
    expect(warm.trace[0]).not.toEqual(warm.before);
    expect(warm.leaked).toBe(0);
  });
});
