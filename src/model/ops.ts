// Building blocks with gradients written for speed on every backend. tfjs's own matMul gradient uses
// transposed matMuls, which WASM runs 10-25x slower than a transpose followed by a plain matMul, so the
// two matMul forms the model uses carry custom gradients that transpose explicitly.
// Letters: M rows, K inner, N out; B batch (of matrices).
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients; the training code needs them all.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Activation } from './config';

/** y = x @ w, x [M,K], w [K,N] -> [M,N]; backward with explicit transposes. */
export const matMul2d = tf.customGrad(((x: tf.Tensor, w: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x, w]);
  return {
    value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sw] = saved as tf.Tensor2D[];
      // Each transpose is freed as soon as its product exists (tidy), not at the end of the backward pass:
      // for ViT-B that is hundreds of MB less at the peak, which WASM's 4 GB heap needs.
      const dx = tf.tidy(() => tf.matMul(dy as tf.Tensor2D, tf.transpose(sw))); // [M,N] @ [N,K]
      const dw = tf.tidy(() => tf.matMul(tf.transpose(sx), dy as tf.Tensor2D)); // [K,M] @ [M,N]
      return [dx, dw];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor, w: tf.Tensor) => tf.Tensor2D;

/** y = a @ b for stacks, a [B,M,K], b [B,K,N] -> [B,M,N]; backward with explicit transposes. */
export const batchMatMul = tf.customGrad(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as tf.Tensor3D[];
      const da = tf.tidy(() => tf.matMul(dy as tf.Tensor3D, tf.transpose(sb, [0, 2, 1]))); // [B,M,N] @ [B,N,K]
      const db = tf.tidy(() => tf.matMul(tf.transpose(sa, [0, 2, 1]), dy as tf.Tensor3D)); // [B,K,M] @ [B,M,N]
      return [da, db];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor3D;

/** Affine layer on rows: x [M,K] @ w [K,N] (+ b [N]) -> [M,N]. */
export function linear(x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor): tf.Tensor2D {
  const y = matMul2d(x, w);
  return b ? tf.add(y, b) : y;
}

/** LayerNorm over the last axis with the checkpoint's epsilon (biased variance, as PyTorch). */
export function layerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, eps: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
  return tf.add(tf.mul(normed, g), b);
}

/** quick_gelu = x * sigmoid(1.702 x) (OpenAI CLIP); gelu = the exact erf form (laion checkpoints). */
export function activation(x: tf.Tensor, kind: Activation): tf.Tensor {
  if (kind === 'quick_gelu') return tf.mul(x, tf.sigmoid(tf.mul(x, 1.702)));
  return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
}

/** Row-wise L2 normalisation: x / ||x||. */
export function l2normalize(x: tf.Tensor): tf.Tensor {
  return tf.div(x, tf.sqrt(tf.sum(tf.square(x), -1, true)));
}
