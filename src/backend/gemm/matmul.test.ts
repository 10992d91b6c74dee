import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend-node';
import { describeWasmGemm } from '../pool/attach';
import { linear, matMul2d } from '../../model/ops';

async function onBackend<T>(name: 'wasm' | 'cpu', f: () => T): Promise<T> {
  await useNodeBackend(name);
  return f();
}

describe('WASM BatchMatMul through the generated GEMM', () => {
  it('is attached in Node (one thread: the heap is not shared memory) with fused multiply-add', async () => {
    await useNodeBackend('wasm');
    expect(describeWasmGemm()).toBe('relaxed-SIMD FMA GEMM on 1 thread');
  });

  it.each([
    [[37, 300], [300, 45], false, false],
    [[300, 37], [300, 45], true, false],
    [[37, 300], [45, 300], false, true],
    [[4, 37, 30], [4, 45, 30], false, true],
    [[4, 37, 30], [30, 45], false, false],
    [[2, 3, 5, 6], [2, 3, 6, 2], false, false],
  ] as [number[], number[], boolean, boolean][])('%j x %j (transposeA %s, transposeB %s) equals the cpu backend', async (as, bs, ta, tb) => {
    const av = Float32Array.from({ length: as.reduce((x, y) => x * y) }, (_, i) => Math.sin(i));
    const bv = Float32Array.from({ length: bs.reduce((x, y) => x * y) }, (_, i) => Math.cos(3 * i));
    const run = () => tf.tidy(() => tf.matMul(tf.tensor(av, as), tf.tensor(bv, bs), ta, tb).arraySync());
    const want = (await onBackend('cpu', run)) as number[];
    const got = (await onBackend('wasm', run)) as number[];
    expect(tf.util.flatten(got as never)).toEqual(tf.util.flatten(want as never).map((x) => expect.closeTo(x as number, 4)));
  });

  it('falls back to tfjs for int32 and for broadcasts it does not plan', async () => {
    await useNodeBackend('wasm');
    // int32 reaches tfjs's kernel, which refuses it with its own message
    expect(() => tf.matMul(tf.tensor2d([[1, 2]], [1, 2], 'int32'), tf.tensor2d([[3], [4]], [2, 1], 'int32'))).toThrow(/float32/);
    const r = tf.matMul(tf.ones([2, 1, 4, 5]), tf.ones([1, 3, 5, 6]));
    expect(r.shape).toEqual([2, 3, 4, 6]);
    expect(r.dataSync().every((x) => x === 5)).toBe(true);
  });

  it('linear layers with a bias: one fused product forward, equal to the cpu backend in value and gradients', async () => {
    const xv = Float32Array.from({ length: 37 * 30 }, (_, i) => Math.sin(i));
    const wv = Float32Array.from({ length: 30 * 21 }, (_, i) => Math.cos(i));
    const bv = Float32Array.from({ length: 21 }, (_, i) => i / 7);
    const run = () =>
      tf.tidy(() => {
        const [x, w, b] = [tf.tensor2d(xv, [37, 30]), tf.tensor2d(wv, [30, 21]), tf.tensor1d(bv)];
        const dyv = tf.tensor2d(Float32Array.from({ length: 37 * 21 }, (_, i) => Math.cos(5 * i)), [37, 21]);
        const grads = tf.grads((p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) => tf.sum(tf.mul(linear(p, q, r), dyv)))([x, w, b]);
        return [linear(x, w, b), ...grads].map((t) => Array.from(t.dataSync()));
      });
    await useNodeBackend('cpu');
    const want = run();
    await useNodeBackend('wasm');
    const got = run();
    got.forEach((g, i) => g.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 3)));
    const [x, w, b] = [tf.ones([8, 30]), tf.ones([30, 21]), tf.ones([21])];
    const fwd = await tf.profile(() => linear(x, w, b));
    expect(fwd.kernelNames).toContain('_FusedMatMul');
    expect(fwd.kernelNames).not.toContain('Add'); // the bias is added inside the product
  });

  it('lets the linear layers\' gradient multiply transposed operands in place: no Transpose kernels', async () => {
    await useNodeBackend('wasm');
    const x = tf.randomNormal([20, 30]);
    const w = tf.randomNormal([30, 40]);
    const profile = await tf.profile(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(matMul2d(a, b)))([x, w]));
    expect(profile.kernelNames).toContain('BatchMatMul');
    expect(profile.kernelNames).not.toContain('Transpose');
    // and the gradients are right: d/dx[i,k] sum(x w) = sum_n w[k,n]; d/dw[k,n] = sum_i x[i,k]
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(matMul2d(a, b)))([x, w]);
    const wRows = (w.arraySync() as number[][]).map((row) => row.reduce((s, v) => s + v, 0));
    const xCols = (x.arraySync() as number[][]).reduce((s, row) => s.map((v, k) => v + row[k]), new Array<number>(30).fill(0));
    (dx.arraySync() as number[][]).forEach((row) => row.forEach((v, k) => expect(v).toBeCloseTo(wRows[k], 4)));
    (dw.arraySync() as number[][]).forEach((row, k) => row.forEach((v) => expect(v).toBeCloseTo(xCols[k], 4)));
  });
});
