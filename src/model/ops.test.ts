// The hand-written gradients of ops.ts against tfjs's autodiff of the plain formulas, on cpu and wasm.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/backend-node';
import { activation, layerNorm, matMul2d } from './ops';

function plainLayerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, eps: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), g), b);
}

function maxRel(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.div(tf.max(tf.abs(tf.sub(a, b))), tf.add(tf.max(tf.abs(b)), 1e-12)).dataSync()[0]);
}

describe.each(['cpu', 'wasm'])('custom gradients on %s', (backend) => {
  it('layerNorm: value and gradients of x, g, b match autodiff', async () => {
    await useNodeBackend(backend);
    const x = tf.randomNormal([3, 5, 16], 0.3, 2, 'float32', 11);
    const g = tf.randomNormal([16], 1, 0.2, 'float32', 12);
    const b = tf.randomNormal([16], 0, 0.2, 'float32', 13);
    const w = tf.randomNormal([3, 5, 16], 0, 1, 'float32', 14); // a weighted sum makes dy non-uniform
    const f = (fn: typeof layerNorm) => (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(fn(xx, gg, bb, 1e-5), w));
    const ours = tf.grads(f(layerNorm))([x, g, b]);
    const ref = tf.grads(f(plainLayerNorm))([x, g, b]);
    expect(maxRel(layerNorm(x, g, b, 1e-5), plainLayerNorm(x, g, b, 1e-5))).toBeLessThan(1e-6);
    ours.forEach((t, i) => {
      expect(t.shape).toEqual(ref[i].shape);
      expect(maxRel(t, ref[i])).toBeLessThan(2e-5);
    });
    tf.dispose([x, g, b, w, ...ours, ...ref]);
  });

  it.each(['quick_gelu', 'gelu'] as const)('%s: value and gradient match autodiff', async (kind) => {
    await useNodeBackend(backend);
    const x = tf.randomNormal([7, 33], 0, 3, 'float32', 21);
    const w = tf.randomNormal([7, 33], 0, 1, 'float32', 22);
    const plain = (t: tf.Tensor) => (kind === 'quick_gelu' ? tf.mul(t, tf.sigmoid(tf.mul(t, 1.702))) : tf.mul(tf.mul(t, 0.5), tf.add(1, tf.erf(tf.mul(t, Math.SQRT1_2)))));
    const ours = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(activation(t, kind), w)))(x);
    const ref = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(plain(t), w)))(x);
    expect(maxRel(activation(x, kind), plain(x))).toBeLessThan(1e-6);
    expect(maxRel(ours, ref)).toBeLessThan(2e-5);
    tf.dispose([x, w, ours, ref]);
  });

  it('matMul2d: gradients match tf.matMul autodiff', async () => {
    await useNodeBackend(backend);
    const a = tf.randomNormal([6, 9], 0, 1, 'float32', 31);
    const m = tf.randomNormal([9, 4], 0, 1, 'float32', 32);
    const w2 = tf.randomNormal([6, 4], 0, 1, 'float32', 33);
    const ours = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(matMul2d(p, q), w2)))([a, m]);
    const ref = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(tf.matMul(p as tf.Tensor2D, q as tf.Tensor2D), w2)))([a, m]);
    ours.forEach((t, i) => expect(maxRel(t, ref[i])).toBeLessThan(1e-5));
    tf.dispose([a, m, w2, ...ours, ...ref]);
  });
});
