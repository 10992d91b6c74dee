import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/backend-node';
import { accumulate } from './fused-accumulate';

describe.each(['wasm', 'cpu'])('gradient accumulation on %s', (backend) => {
  it('adds in place when the accumulator owns its buffer', async () => {
    await useNodeBackend(backend);
    const acc = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const id = acc.dataId;
    const before = tf.memory().numDataBuffers;
    const sum = accumulate(acc, tf.tensor2d([0.5, -2, 10, 0.25], [2, 2]));
    expect(sum.dataId).toBe(id); // no new buffer
    expect(tf.memory().numDataBuffers).toBe(before); // g freed, nothing allocated
    expect(Array.from(await sum.data())).toEqual([1.5, 0, 13, 4.25]);
    expect(acc.isDisposed).toBe(true);
    sum.dispose();
  });

  it('never writes into a buffer another tensor shares', async () => {
    await useNodeBackend(backend);
    const other = tf.tensor1d([1, 1, 1]);
    const acc = tf.reshape(other, [3]); // same buffer as `other`
    const sum = accumulate(acc, tf.tensor1d([1, 2, 3]));
    expect(Array.from(await sum.data())).toEqual([2, 3, 4]);
    expect(Array.from(await other.data())).toEqual([1, 1, 1]);
    tf.dispose([sum, other]);
  });
});
