import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { useNodeBackend } from '../backend-node';

interface WasmInternals {
  refCount(dataId: object): number;
  wasm: { HEAPU8: Uint8Array };
}

describe('WASM buffer sharing (Identity, same-dtype Cast)', () => {
  beforeAll(async () => {
    await useNodeBackend('wasm');
  });

  it('clone shares the buffer, and the copy outlives the original', async () => {
    const x = tf.tensor1d([1, 2, 3]);
    const y = tf.clone(x);
    const backend = tf.backend() as unknown as WasmInternals;
    expect(backend.refCount(x.dataId)).toBe(2);
    x.dispose();
    expect(Array.from(await y.data())).toEqual([1, 2, 3]);
    y.dispose();
  });

  it('a same-dtype cast shares; a dtype change still converts', async () => {
    const f = tf.tensor1d([1.75, -2.5, 3]);
    const same = tf.cast(f, 'float32');
    expect(same.dataId).toBe(f.dataId);
    const i = tf.cast(f, 'int32');
    expect(i.dtype).toBe('int32');
    expect(Array.from(await i.data())).toEqual([1, -2, 3]);
    const back = tf.cast(tf.tensor1d([4, 5], 'int32'), 'float32');
    expect(Array.from(await back.data())).toEqual([4, 5]);
    tf.dispose([f, same, i, back]);
  });

  it('gradients that save their inputs no longer copy them', () => {
    // x * w saves both inputs for the backward pass: a 4 MB weight used to be copied into the heap.
    const w = tf.variable(tf.randomNormal([1024, 1024]));
    const x = tf.randomNormal([1024, 1024]);
    const before = tf.memory().numDataBuffers;
    let during = 0;
    const { grads, value } = tf.variableGrads(() => {
      const y = tf.sum(tf.mul(x, w)) as tf.Scalar;
      during = tf.memory().numDataBuffers - before;
      return y;
    }, [w]);
    // Two new buffers, the product [1024,1024] and the sum; the saved x and w are shared (they were two
    // 4 MB copies). tf.memory().numBytes counts per tensor, so buffers are what shows it.
    expect(during).toBe(2);
    const g = grads[w.name];
    expect(g.shape).toEqual([1024, 1024]);
    expect(tf.max(tf.abs(tf.sub(g, x))).dataSync()[0]).toBe(0); // d sum(x*w) / dw = x
    tf.dispose([w, x, g, value]);
  });
});
