import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/backend-node';
import { TINY_P16 } from '../testing/random-clip-node';
import { randomParams } from './random-init';
import { block, classTokenBlock } from './transformer';
import { visionBlocks, visionEmbed, visionFeatures, visionHead } from './vision';

const cfg = TINY_P16;

describe.each(['cpu', 'wasm'] as const)('class-token-only last block on %s', (backend) => {
  it('equals the full block at token 0, in value and in gradients for x and every weight', async () => {
    await useNodeBackend(backend);
    const p = randomParams(cfg, 3);
    const x = tf.randomNormal([3, 17, cfg.vision.width], 0, 1, 'float32', 5);
    const prefix = `v.blocks.${cfg.vision.layers - 1}`;
    const names = Object.keys(p).filter((n) => n.startsWith(prefix));
    const run = (f: (q: typeof p, a: tf.Tensor) => tf.Tensor) => {
      const w = tf.randomNormal([3, 1, cfg.vision.width], 0, 1, 'float32', 6);
      const loss = (a: tf.Tensor, ...ws: tf.Tensor[]) => tf.sum(tf.mul(f({ ...p, ...Object.fromEntries(names.map((n, i) => [n, ws[i]])) }, a), w));
      const grads = tf.grads(loss as (...args: tf.Tensor[]) => tf.Tensor)([x, ...names.map((n) => p[n])]);
      return [f(p, x), ...grads].map((t) => Array.from(t.dataSync()));
    };
    const want = run((q, a) => tf.slice(block(q, prefix, a, cfg.vision), [0, 0, 0], [3, 1, cfg.vision.width]));
    const got = run((q, a) => classTokenBlock(q, prefix, a, cfg.vision));
    expect(got[0].length).toBe(3 * cfg.vision.width);
    got.forEach((g, i) => {
      const scale = Math.max(1e-3, ...want[i].map(Math.abs));
      g.forEach((v, j) => expect(Math.abs(v - want[i][j])).toBeLessThan(2e-5 * scale));
    });
  });

  it('image features through it equal the head over every block', async () => {
    await useNodeBackend(backend);
    const p = randomParams(cfg, 4);
    const S = cfg.vision.imageSize;
    const pixels = tf.randomNormal([2, 3, S, S], 0, 1, 'float32', 7);
    const hidden = visionEmbed(p, cfg, pixels);
    const want = visionHead(p, cfg, visionBlocks(p, cfg, hidden)).dataSync();
    for (const from of [0, cfg.vision.layers - 1, cfg.vision.layers]) {
      const start = visionBlocks(p, cfg, hidden, 0, from);
      const got = visionFeatures(p, cfg, start, from).dataSync();
      got.forEach((v, j) => expect(v).toBeCloseTo(want[j], 4));
    }
  });
});
