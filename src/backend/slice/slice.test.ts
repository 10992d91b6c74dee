import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend-node';
import { sliceInto } from './slice';

/** Reference slice by index arithmetic. */
function reference(values: number[], shape: number[], begin: number[], size: number[]): number[] {
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const n = size.reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let o = 0; o < n; o++) {
    let rem = o;
    let from = 0;
    for (let i = size.length - 1; i >= 0; i--) {
      from += (begin[i] + (rem % size[i])) * strides[i];
      rem = Math.floor(rem / size[i]);
    }
    out.push(values[from]);
  }
  return out;
}

describe('WASM Slice and SplitV in place', () => {
  it.each([
    [[400, 2304], [0, 768], [400, 768]],
    [[5, 6, 7], [1, 2, 3], [3, 2, 4]],
    [[5, 6, 7], [2, 0, 0], [2, 6, 7]], // contiguous
    [[2, 3, 4, 5, 6], [1, 1, 0, 2, 1], [1, 2, 4, 3, 5]],
    [[4], [1], [2]],
  ])('slice of %j from %j, size %j, equals index arithmetic', (shape, begin, size) => {
    const values = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => (i * 31) % 977);
    const dst = new Float32Array(size.reduce((a, b) => a * b, 1));
    sliceInto(Float32Array.from(values), shape, begin, size, dst);
    expect(Array.from(dst)).toEqual(reference(values, shape, begin, size));
  });

  it('tf.split / tf.slice on WASM equal the cpu backend (float32 and int32)', async () => {
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor(Array.from({ length: 6 * 9 }, (_, i) => i), [6, 9]);
        const xi = tf.cast(x, 'int32');
        return [...tf.split(x, 3, 1), ...tf.split(xi, [2, 4], 0), tf.slice(x, [1, 2], [3, -1])].map((t) => [t.dtype, t.shape, t.arraySync()]);
      });
    await useNodeBackend('cpu');
    const want = run();
    await useNodeBackend('wasm');
    expect(run()).toEqual(want);
  });
});
