import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend-node';
import { attentionCore } from '../../model/attention-core';
import type { AttentionCall } from './attention-call';
import { splitRange } from '../pool/pool-task';

/** tfjs's own ops (split, transposes, batched products, softmax) and autodiff on cpu: the reference. */
function composed(qkv: tf.Tensor3D, heads: number, Q: number): tf.Tensor {
  const [B, N, D3] = qkv.shape;
  const D = D3 / 3;
  const h = D / heads;
  const [q, k, v] = tf.split(qkv, 3, 2).map((m) => tf.reshape(tf.transpose(tf.reshape(m, [B, N, heads, h]), [0, 2, 1, 3]), [B * heads, N, h]) as tf.Tensor3D);
  const p = tf.softmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(h))) as tf.Tensor3D; // [B*H, N, N]
  const out = tf.reshape(tf.transpose(tf.reshape(tf.matMul(p, v), [B, heads, N, h]), [0, 2, 1, 3]), [B, N, D]);
  return tf.slice(out, [0, 0, 0], [B, Q, D]); // the first Q tokens' outputs
}

/** Value of the core and gradient of sum(core * w) for qkv, as flat arrays. */
function valueAndGrad(core: (x: tf.Tensor3D) => tf.Tensor, qkv: Float32Array, w: Float32Array, shape: [number, number, number], Q: number) {
  return tf.tidy(() => {
    const x = tf.tensor3d(qkv, shape);
    const wt = tf.tensor(w.subarray(0, shape[0] * Q * (shape[2] / 3)), [shape[0], Q, shape[2] / 3]);
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(core(a as tf.Tensor3D), wt)))(x);
    return { y: Array.from(core(x).dataSync()), g: Array.from(g.dataSync()) };
  });
}

const values = (n: number, f: (i: number) => number) => Float32Array.from({ length: n }, (_, i) => f(i));

describe('fused attention (ProRegAttention kernels)', () => {
  it.each([
    [2, 7, 3, 5, 7],
    [1, 50, 2, 64, 50],
    [3, 4, 1, 8, 4],
    [2, 50, 3, 16, 1],
    [2, 9, 2, 4, 3],
  ])('B %i, N %i, H %i, h %i, Q %i: value and qkv gradient equal tfjs composed ops on cpu, on cpu and wasm', async (B, N, H, h, Q) => {
    const shape: [number, number, number] = [B, N, 3 * H * h];
    const qkv = values(B * N * 3 * H * h, (i) => Math.sin(0.37 * i) * 2);
    const w = values(B * N * H * h, (i) => Math.cos(0.11 * i));
    await useNodeBackend('cpu');
    const want = valueAndGrad((x) => composed(x, H, Q), qkv, w, shape, Q);
    for (const backend of ['cpu', 'wasm']) {
      await useNodeBackend(backend);
      const profile = await tf.profile(() => attentionCore(tf.tensor3d(qkv, shape), H, undefined, Q));
      expect(profile.kernels.map((k) => k.name)).toContain('ProRegAttention');
      const got = valueAndGrad((x) => attentionCore(x, H, undefined, Q), qkv, w, shape, Q);
      const scale = Math.max(...want.g.map(Math.abs));
      expect(got.y.length).toBe(B * Q * H * h);
      got.y.forEach((v, i) => expect(Math.abs(v - want.y[i])).toBeLessThan(4e-6));
      got.g.forEach((v, i) => expect(Math.abs(v - want.g[i])).toBeLessThan(1e-5 * scale));
    }
  });

  it('keeps no tensors beyond its output (the backward scratch is freed)', async () => {
    await useNodeBackend('wasm');
    const x = tf.randomNormal([2, 9, 3 * 16]) as tf.Tensor3D;
    const before = tf.memory().numTensors;
    const g = tf.grad((a: tf.Tensor) => tf.sum(attentionCore(a as tf.Tensor3D, 2)))(x);
    expect(tf.memory().numTensors).toBe(before + 1);
    g.dispose();
    x.dispose();
  });

  it('falls back to composed ops with a mask (the causal text tower)', async () => {
    await useNodeBackend('wasm');
    const mask = tf.tensor2d([[0, -1e9], [0, 0]]);
    const profile = await tf.profile(() => attentionCore(tf.ones([1, 2, 6]) as tf.Tensor3D, 1, mask));
    expect(profile.kernels.map((k) => k.name)).not.toContain('ProRegAttention');
  });

  it('the composed form (WebGPU, WebGL, masks) with a zero mask equals the fused one, class query alone included', async () => {
    await useNodeBackend('wasm');
    const x = tf.randomNormal([2, 9, 3 * 12], 0, 1, 'float32', 3) as tf.Tensor3D;
    const zero = tf.zeros([9, 9]);
    for (const Q of [9, 1]) {
      const a = attentionCore(x, 3, undefined, Q).dataSync();
      const b = attentionCore(x, 3, zero, Q).dataSync();
      expect(b.length).toBe(2 * Q * 12);
      b.forEach((v, i) => expect(v).toBeCloseTo(a[i], 5));
    }
  });

  it('refuses a qkv that is not [B, N, 3D] with D divisible by the heads', async () => {
    await useNodeBackend('wasm');
    expect(() => attentionCore(tf.ones([1, 2, 9]) as tf.Tensor3D, 2)).toThrow(/divisible by 2 heads/);
  });

  it('splits pairs between threads as an exact partition', () => {
    const call: AttentionCall = { qkv: 0, out: 0, probs: 0, dqkv: 0, dp: 0, tokens: 50, queries: 50, heads: 12, headWidth: 64, from: 0, to: 13 };
    for (const parts of [1, 2, 3, 5, 20]) {
      const split = splitRange(call, parts);
      expect(split.length).toBe(Math.min(parts, 13));
      split.forEach((c, i) => expect(c.from).toBe(i === 0 ? 0 : split[i - 1].to));
      expect(split[split.length - 1].to).toBe(13);
    }
  });
});
