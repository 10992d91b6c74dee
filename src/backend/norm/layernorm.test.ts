import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend-node';
import { layerNorm } from '../../model/ops';
import { activeGemmPool } from '../pool/attach';

/** float64 LayerNorm of one row and the gradient of sum(w * LN(x)) for x, g and b. */
function reference(x: number[], g: number[], b: number[], w: number[], eps: number) {
  const d = x.length;
  const mean = x.reduce((a, v) => a + v, 0) / d;
  const v = x.reduce((a, xi) => a + (xi - mean) ** 2, 0) / d;
  const r = 1 / Math.sqrt(v + eps);
  const xh = x.map((xi) => (xi - mean) * r);
  const y = xh.map((h, i) => h * g[i] + b[i]);
  const dxh = w.map((wi, i) => wi * g[i]);
  const m1 = dxh.reduce((a, t) => a + t, 0) / d;
  const m2 = dxh.reduce((a, t, i) => a + t * xh[i], 0) / d;
  return { y, dx: dxh.map((t, i) => r * (t - m1 - xh[i] * m2)), dg: w.map((wi, i) => wi * xh[i]), db: w };
}

describe.each(['wasm', 'cpu'] as const)('ProRegLayerNorm kernels on %s', (backend) => {
  it.each([768, 36, 5])('width %i: value and gradients equal float64 (rows far from zero mean included)', async (d) => {
    await useNodeBackend(backend);
    const rows = 3;
    const xs = Array.from({ length: rows }, (_, r) => Array.from({ length: d }, (_, i) => Math.sin(i * (r + 1)) * 3 + (r === 2 ? 100 : 0)));
    const g = Array.from({ length: d }, (_, i) => 1 + 0.1 * Math.cos(i));
    const b = Array.from({ length: d }, (_, i) => 0.05 * i);
    const w = Array.from({ length: d }, (_, i) => Math.cos(2 * i));
    const x = tf.tensor2d(xs);
    const [gt, bt, wt] = [tf.tensor1d(g), tf.tensor1d(b), tf.tensor1d(w)];
    const y = layerNorm(x, gt, bt, 1e-5).arraySync() as number[][];
    const [dx, dg, db] = tf.grads((a: tf.Tensor, p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(layerNorm(a, p, q, 1e-5), wt)))([x, gt, bt]).map((t) => t.arraySync()) as [number[][], number[], number[]];
    xs.forEach((row, r) => {
      const ref = reference(row, g, b, w, 1e-5);
      ref.y.forEach((v, i) => expect(y[r][i]).toBeCloseTo(v, 4));
      ref.dx.forEach((v, i) => expect(dx[r][i]).toBeCloseTo(v, 4));
    });
    const refs = xs.map((row) => reference(row, g, b, w, 1e-5));
    g.forEach((_, i) => {
      expect(dg[i]).toBeCloseTo(refs.reduce((a, ref) => a + ref.dg[i], 0), 4);
      expect(db[i]).toBeCloseTo(refs.reduce((a, ref) => a + ref.db[i], 0), 4);
    });
  });
});

describe('LayerNorm on WASM', () => {
  it('runs through the SIMD module, one kernel each way', async () => {
    await useNodeBackend('wasm');
    expect(activeGemmPool()).toBeDefined(); // the pool's SIMD passes run the kernels
    const x = tf.randomNormal([50, 768]);
    const [g, b] = [tf.ones([768]), tf.zeros([768])];
    const fwd = await tf.profile(() => layerNorm(x, g, b, 1e-5));
    expect(fwd.kernelNames.filter(Boolean)).toEqual(['ProRegLayerNorm']);
    const bwd = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.sum(layerNorm(t, g, b, 1e-5)))(x));
    expect(bwd.kernelNames).toContain('ProRegLayerNormGrad');
    expect(bwd.kernelNames).not.toContain('Mean');
  });
});
