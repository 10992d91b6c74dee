import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend-node';
import { simplifyPermutation, swapGeometry } from './transpose';

/** Reference transpose by index arithmetic, independent of any tfjs kernel. */
function reference(values: Float32Array, shape: number[], perm: number[]): Float32Array {
  const out = new Float32Array(values.length);
  const outShape = perm.map((d) => shape[d]);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const idx = new Array(outShape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let rem = o;
    for (let i = outShape.length - 1; i >= 0; i--) {
      idx[i] = rem % outShape[i];
      rem = Math.floor(rem / outShape[i]);
    }
    let src = 0;
    for (let i = 0; i < perm.length; i++) src += idx[i] * strides[perm[i]];
    out[o] = values[src];
  }
  return out;
}

describe('simplifyPermutation / swapGeometry', () => {
  it('merges neighbours and drops size-1 axes', () => {
    expect(simplifyPermutation([8, 50, 12, 64], [0, 2, 3, 1])).toEqual({ shape: [8, 50, 768], perm: [0, 2, 1] });
    expect(simplifyPermutation([1, 50, 1, 64], [0, 3, 2, 1])).toEqual({ shape: [50, 64], perm: [1, 0] });
    expect(swapGeometry([8, 50, 12, 64], [0, 2, 1, 3])).toEqual([8, 50, 12, 64]);
    expect(swapGeometry([3072, 768], [1, 0])).toEqual([1, 3072, 768, 1]);
    expect(swapGeometry([2, 3, 7, 32, 7, 32], [0, 2, 4, 1, 3, 5])).toBeNull(); // the patch grid: tfjs's kernel
  });
});

describe('WASM Transpose override', () => {
  it.each([
    [[3072, 768], [1, 0]],
    [[37, 129], [1, 0]],
    [[5, 70, 3], [0, 2, 1]],
    [[2, 50, 12, 64], [0, 2, 1, 3]],
    [[2, 50, 12, 64], [0, 2, 3, 1]],
    [[2, 12, 50, 64], [0, 2, 1, 3]],
    [[1, 9, 1, 4], [3, 1, 2, 0]],
    [[2, 3, 4, 5, 6, 7], [0, 2, 4, 1, 3, 5]], // last axis under 8: falls back to tfjs's kernel
    [[2, 3, 7, 32, 7, 32], [0, 2, 4, 1, 3, 5]], // the patch grid: runs of the last axis
    [[3, 4, 5, 9], [2, 0, 1, 3]],
    [[4, 5, 6], [2, 0, 1]],
  ])('shape %j perm %j matches index arithmetic', async (shape, perm) => {
    await useNodeBackend('wasm');
    const n = shape.reduce((a, b) => a * b, 1);
    const values = Float32Array.from({ length: n }, (_, i) => (i * 7919) % 1009);
    const x = tf.tensor(values, shape);
    const y = tf.transpose(x, perm);
    expect(y.shape).toEqual(perm.map((d) => shape[d]));
    expect(Array.from(await y.data())).toEqual(Array.from(reference(values, shape, perm)));
    tf.dispose([x, y]);
  });

  it('keeps int32 values', async () => {
    await useNodeBackend('wasm');
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32');
    const y = tf.transpose(x);
    expect(y.dtype).toBe('int32');
    expect(Array.from(await y.data())).toEqual([1, 4, 2, 5, 3, 6]);
    tf.dispose([x, y]);
  });
});
