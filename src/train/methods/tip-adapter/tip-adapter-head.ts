// Tip-Adapter (Zhang et al., ECCV 2022): a key-value cache of the training images beside the zero-shot
// classifier; -F fine-tunes the keys. Follows gaopengcuhk/Tip-Adapter `main.py` and `utils.py` (commit
// d0e2d6f): keys K [E,N] = normalised training features, values V [N,C] = one-hot labels; for normalised
// features f, tip logits = clip logits + alpha * exp(-beta (1 - f K)) V; -F trains K (as adapter.weight)
// with AdamW (betas 0.9/0.999, eps 1e-4) and cross-entropy; search_hp picks beta, then alpha, on a grid
// from 0.1 by validation accuracy (strictly better wins). Two differences, both stated: the cache holds one
// clean view per image (the official cache averages 10 augmented views), and the CLIP logits use the
// checkpoint's exp(logit_scale) where the code writes 100 (OpenAI CLIP's value).
// Letters: B batch, E embedding, N cached images, C classes.
import * as tf from '@tensorflow/tfjs-core';
import { l2normalize } from '../../../model/ops';
import type { AdamWConfig } from '../../optimizer';
import type { TipAdapterOptions } from '../../../protocol/train-types';
import type { SearchChoice, StudentHead } from '../student-head';

export const TIP_KEYS = 'tip.keys';
/** Tip-Adapter-F's optimiser (main.py: torch.optim.AdamW(lr, eps=1e-4), PyTorch's betas). */
export const TIP_ADAMW: AdamWConfig = { beta1: 0.9, beta2: 0.999, eps: 1e-4 };

let instances = 0;

export type SearchResult = SearchChoice & { beta: number; alpha: number };

/** The grid of search_hp: `steps` values from 0.1 towards `scale` (the end itself excluded). */
export function searchGrid(scale: number, steps: number): number[] {
  return Array.from({ length: steps }, (_, i) => (i * (scale - 0.1)) / steps + 0.1);
}

export class TipAdapterHead implements StudentHead {
  readonly vars: Record<string, tf.Variable> = {};
  readonly adamw = TIP_ADAMW;
  private readonly w0n: tf.Tensor2D; // normalised prompt embeddings [C,E]
  private readonly scale: tf.Scalar;
  private values: tf.Tensor2D | null = null; // [N,C]
  alpha: number;
  beta: number;

  constructor(
    classEmbeds: tf.Tensor2D,
    logitScale: tf.Tensor,
    readonly options: TipAdapterOptions,
    /** Tip-Adapter-F: the keys train. */
    readonly trainKeys: boolean,
  ) {
    this.w0n = tf.keep(l2normalize(classEmbeds)) as tf.Tensor2D;
    this.scale = tf.keep(tf.clone(logitScale)) as tf.Scalar;
    this.alpha = options.alpha;
    this.beta = options.beta;
  }

  /** build_cache_model: the training images' features [N,E] (host) and labels make the cache. */
  buildCache(features: Float32Array, labels: readonly number[]): void {
    const N = labels.length;
    const C = this.w0n.shape[0];
    if (N === 0) throw new Error('Tip-Adapter: the cache needs at least one training image');
    const E = features.length / N;
    const keys = tf.tidy(() => tf.transpose(l2normalize(tf.tensor2d(features, [N, E])))); // [E, N]
    this.vars[TIP_KEYS] = tf.variable(keys, this.trainKeys, `tip${instances++}/${TIP_KEYS}`);
    keys.dispose();
    this.values = tf.keep(tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(labels), 'int32'), C), 'float32'))) as tf.Tensor2D;
  }

  private require(): { keys: tf.Tensor; values: tf.Tensor } {
    if (!this.values) throw new Error('internal: Tip-Adapter used before its cache was built');
    return { keys: this.vars[TIP_KEYS], values: this.values };
  }

  /** Zero-shot logits [B,C] of normalised features. */
  private clipLogits(fn: tf.Tensor): tf.Tensor {
    return tf.mul(tf.exp(this.scale), tf.matMul(fn, this.w0n, false, true));
  }

  /** Cache logits [B,C] at beta: exp(-beta (1 - f K)) V. */
  private cacheLogits(fn: tf.Tensor, beta: number): tf.Tensor {
    const { keys, values } = this.require();
    const affinity = tf.matMul(fn, keys); // [B, N]
    return tf.matMul(tf.exp(tf.mul(tf.sub(1, affinity), -beta)), values); // [B, C]
  }

  logits(features: tf.Tensor): tf.Tensor2D {
    const fn = l2normalize(features);
    return tf.add(this.clipLogits(fn), tf.mul(this.cacheLogits(fn, this.beta), this.alpha)) as tf.Tensor2D;
  }

  /** search_hp on validation features [V,E] and labels; sets and returns the chosen beta and alpha. */
  async search(features: tf.Tensor, labels: readonly number[]): Promise<SearchResult> {
    const o = this.options;
    const betas = searchGrid(o.searchScale[0], o.searchSteps[0]);
    const alphas = searchGrid(o.searchScale[1], o.searchSteps[1]);
    const fn = tf.tidy(() => l2normalize(features));
    const clip = tf.tidy(() => this.clipLogits(fn));
    const clipHost = (await clip.data()) as Float32Array;
    const V = labels.length;
    const C = this.w0n.shape[0];
    let best: SearchResult = { beta: 0, alpha: 0, accuracy: 0 };
    for (const beta of betas) {
      const cache = tf.tidy(() => this.cacheLogits(fn, beta));
      const cacheHost = (await cache.data()) as Float32Array;
      cache.dispose();
      for (const alpha of alphas) {
        let correct = 0;
        for (let i = 0; i < V; i++) {
          let arg = 0;
          let max = -Infinity;
          for (let c = 0; c < C; c++) {
            // Float32 as the reference computes it: clip + cache * alpha.
            const z = Math.fround(clipHost[i * C + c] + Math.fround(cacheHost[i * C + c] * alpha));
            if (z > max) [max, arg] = [z, c];
          }
          if (arg === labels[i]) correct++;
        }
        const accuracy = (correct / V) * 100;
        if (accuracy > best.accuracy) best = { beta, alpha, accuracy };
      }
    }
    tf.dispose([fn, clip]);
    this.beta = best.beta;
    this.alpha = best.alpha;
    return best;
  }

  classWeights(): { W: tf.Tensor2D; scale: tf.Scalar } {
    return { W: tf.clone(this.w0n), scale: tf.clone(this.scale) };
  }

  dispose(): void {
    tf.dispose([this.w0n, this.scale, ...(this.values ? [this.values] : [])]);
  }
}
