import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/backend-node';
import { fusedAdamW, hasFusedAdamW, type FusedAdamWAttrs } from './fused-adamw';
import { opUpdate } from './optimizer';

const attrs = (step: number, lr: number, weightDecay: number): FusedAdamWAttrs => ({ beta1: 0.9, beta2: 0.98, eps: 1e-8, lr, weightDecay, bc1: 1 - 0.9 ** step, bc2: 1 - 0.98 ** step });

/** Largest |a - b| relative to b's largest magnitude (elements of m can cancel to near 0). */
function maxRelDiff(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  let scale = 1e-30;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return worst / scale;
}

describe.each(['wasm', 'cpu'])('fused AdamW kernel on %s', (backend) => {
  afterAll(async () => {
    await useNodeBackend('wasm');
  });

  it.each([
    [1, 1e-3, 0.1],
    [7, 5e-5, 0],
    [300, 2e-2, 0.05],
    [3, 0, 0.1], // lr 0: parameters unchanged, moments still move
  ])('matches the op-by-op update (step %i, lr %f, wd %f)', async (step, lr, wd) => {
    await useNodeBackend(backend);
    expect(hasFusedAdamW()).toBe(true);
    const shape = [37, 29];
    const p = tf.randomNormal(shape, 0, 1, 'float32', 1);
    const m = tf.mul(tf.randomNormal(shape, 0, 1, 'float32', 2), 0.01);
    const v = tf.abs(tf.mul(tf.randomNormal(shape, 0, 1, 'float32', 3), 1e-4));
    const g = tf.randomNormal(shape, 0, 1, 'float32', 4);
    const a = attrs(step, lr, wd);
    const fused = fusedAdamW(p, m, v, g, a);
    const ops = opUpdate(p, m, v, g, a);
    for (let i = 0; i < 3; i++) {
      expect(fused[i].shape).toEqual(shape);
      expect(maxRelDiff(fused[i].dataSync() as Float32Array, ops[i].dataSync() as Float32Array)).toBeLessThan(1e-6);
    }
    if (lr === 0) expect(Array.from(fused[0].dataSync())).toEqual(Array.from(p.dataSync()));
    // Inputs are untouched (the frozen model may share the parameter's buffer).
    expect(maxRelDiff(p.dataSync() as Float32Array, tf.randomNormal(shape, 0, 1, 'float32', 1).dataSync() as Float32Array)).toBe(0);
    tf.dispose([p, m, v, g, ...fused, ...ops]);
  });
});
