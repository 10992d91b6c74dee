// What the benchmarks run on: ViT-B/32's image tower with random weights. The text tower is shrunk
// (it never runs in these rows, and a full one would only add 250 MB and seconds of random init).
import * as tf from '@tensorflow/tfjs-core';
import { VIT_B32, type ClipConfig } from '../../src/model/config';
import { ClipModel } from '../../src/model/clip';
import { randomParams } from '../../src/model/random-init';

const TINY_TEXT: ClipConfig['text'] = { width: 64, layers: 1, heads: 1, mlpWidth: 64, activation: 'quick_gelu', layerNormEps: 1e-5, vocabSize: 515, contextLength: 77 };

/** ViT-B/32 vision geometry (the studio's default model), tiny text tower. */
export const BENCH_VIT_B32: ClipConfig = { ...VIT_B32, text: TINY_TEXT };

/** A 1-layer 32 px vision tower with ViT-B/32's embedding width E = 512: for loops over cached features. */
export const HEAD_ONLY_GEOMETRY: ClipConfig = {
  vision: { width: 64, layers: 1, heads: 1, mlpWidth: 64, activation: 'quick_gelu', layerNormEps: 1e-5, imageSize: 32, patchSize: 32 },
  text: TINY_TEXT,
  projectionDim: VIT_B32.projectionDim,
};

/** Classes of the benchmark head (BAR has 6, as the PyTorch reference's head). */
export const BENCH_CLASSES = 6;

export function randomClip(cfg: ClipConfig = BENCH_VIT_B32, seed = 0): ClipModel {
  return new ClipModel(cfg, randomParams(cfg, seed));
}

/** Deterministic pseudo-normal pixels (a cheap LCG; values only need to be finite and varied). */
export function fakePixels(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 3.4;
  }
  return out;
}

/** Random class embeddings W0 [C,E] (with random weights there is no tokenizer to build prompts from). */
export function randomClassEmbeds(cfg: ClipConfig, classes = BENCH_CLASSES, seed = 7): tf.Tensor2D {
  return tf.randomNormal([classes, cfg.projectionDim], 0, 1, 'float32', seed) as tf.Tensor2D;
}
