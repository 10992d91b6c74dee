// Building blocks with gradients written for speed on every backend. tfjs's own matMul gradient uses
// transposed matMuls, which tfjs's WASM kernel runs 10-25x slower than a transpose followed by a plain
// matMul, so the 2-D matMul of the linear layers carries a custom gradient that transposes explicitly,
// unless the backend's matMul reads transposed operands in place (the studio's WASM GEMM does).
// Letters: M rows, K inner, N out; B batch (of matrices).
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients; the training code needs them all.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Activation } from './config';
import { QUICK_GELU, QUICK_GELU_GRAD } from '../backend/activation/quick-gelu';
import { LINEAR, LINEAR_GRAD, matMulReadsInPlace } from '../backend/gemm/matmul';
import { LAYER_NORM, LAYER_NORM_GRAD, LAYER_NORM_GRAD_FULL, LAYER_NORM_SKIP } from '../backend/norm/layernorm';
import { hasKernel } from '../backend/wasm/host-kernel';

let transientWeights = false;

/**
 * While on, each matMul multiplies by a short-lived copy of its weight. WASM's XNNPACK keeps a packed copy
 * of every matrix it has used as a weight until that tensor is freed: in training, the trained weights
 * (new every step) and the frozen teacher's weights would each hold another full model's worth of the 4 GB
 * heap. With a transient copy the packed one lives for one matMul. Costs a copy per matMul, and a re-pack
 * where the weights did not change (the caching pass, evaluations): ViT-B/32's forward at batch 8 measured
 * 2.7 s cached vs 3.15 s transient; a training step re-packs its new weights anyway. The trainer turns it on
 * for WASM only.
 */
export function setTransientWeights(on: boolean): void {
  transientWeights = on;
}

/** y = x @ w, x [M,K], w [K,N] -> [M,N]; backward with explicit transposes where they are faster. */
export const matMul2d = tf.customGrad(((x: tf.Tensor, w: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x, w]);
  const inPlace = matMulReadsInPlace();
  return {
    value: transientWeights && !inPlace ? tf.tidy(() => tf.matMul(x as tf.Tensor2D, tf.mul(w, 1) as tf.Tensor2D)) : tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sw] = saved as tf.Tensor2D[];
      if (inPlace) return [tf.matMul(dy as tf.Tensor2D, sw, false, true), tf.matMul(sx, dy as tf.Tensor2D, true, false)];
      // Each transpose is freed as soon as its product exists (tidy), not at the end of the backward pass:
      // for ViT-B that is hundreds of MB less at the peak, which WASM's 4 GB heap needs.
      const dx = tf.tidy(() => tf.matMul(dy as tf.Tensor2D, tf.transpose(sw))); // [M,N] @ [N,K]
      const dw = tf.tidy(() => tf.matMul(tf.transpose(sx), dy as tf.Tensor2D)); // [K,M] @ [M,N]
      return [dx, dw];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor, w: tf.Tensor) => tf.Tensor2D;

/**
 * y = x @ w + b as one product (the bias starts each row's sums: tf.fused.matMul's kernel) where matMul
 * reads operands in place; the backward multiplies transposed operands in place and sums dy's rows.
 */
const linearFused = tf.customGrad(((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x, w]);
  return {
    value: tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: b }),
    gradFunc: (dy: tf.Tensor, [sx, sw]: tf.Tensor[]) => [
      tf.matMul(dy as tf.Tensor2D, sw as tf.Tensor2D, false, true), // [M,N] @ [K,N]^T
      tf.matMul(sx as tf.Tensor2D, dy as tf.Tensor2D, true, false), // [M,K]^T @ [M,N]
      sumRows(dy),
    ],
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor2D;

export interface LinearOptions {
  /** Applied to x @ w + b (its gradient is written out, see `activation`). */
  activation?: Activation;
  /** Added after the activation: a residual connection, [M,N]. */
  residual?: tf.Tensor;
}

type FusedLinear = (...t: tf.Tensor[]) => tf.Tensor2D;
const fusedLinears = new Map<string, FusedLinear>();

/**
 * act(x @ w + b) + residual as one kernel each way (backend/webgpu/linear.ts): the forward keeps the
 * pre-activation for the backward pass, which applies act' as it loads dy and sums the bias gradient in
 * the weight gradient's product.
 */
function fusedLinear(bias: boolean, activation: Activation | 'none', residual: boolean): FusedLinear {
  const key = `${bias}/${activation}/${residual}`;
  let fn = fusedLinears.get(key);
  if (fn) return fn;
  fn = tf.customGrad(((...args: unknown[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const ts = args as tf.Tensor[];
    const [x, w] = ts;
    const b = bias ? ts[2] : undefined;
    const res = residual ? ts[bias ? 3 : 2] : undefined;
    const outs = tf.engine().runKernel(LINEAR, { x, w, ...(b ? { b } : {}), ...(res ? { res } : {}) }, { activation }) as tf.Tensor[];
    const [y, pre] = outs;
    save(pre ? [x, w, pre] : [x, w]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sw, spre] = saved;
        const [dx, dw, db] = tf.engine().runKernel(LINEAR_GRAD, { dy, x: sx, w: sw, ...(spre ? { pre: spre } : {}) }, { activation, bias }) as tf.Tensor[];
        return [dx, dw, ...(bias ? [db] : []), ...(residual ? [dy] : [])];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as FusedLinear;
  fusedLinears.set(key, fn);
  return fn;
}

/** Affine layer on rows: x [M,K] @ w [K,N] (+ b [N]) -> [M,N], optionally through an activation and
 * plus a residual. */
export function linear(x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor, o: LinearOptions = {}): tf.Tensor2D {
  if (hasKernel(LINEAR)) {
    const inputs = [x, w, ...(b ? [b] : []), ...(o.residual ? [tf.reshape(o.residual, [x.shape[0], w.shape[1] as number])] : [])];
    return fusedLinear(Boolean(b), o.activation ?? 'none', Boolean(o.residual))(...inputs);
  }
  let y: tf.Tensor2D = b && matMulReadsInPlace() ? linearFused(x, w, b) : matMul2d(x, w);
  if (b && !matMulReadsInPlace()) y = tf.add(y, b);
  if (o.activation) y = activation(y, o.activation) as tf.Tensor2D;
  return o.residual ? tf.add(y, tf.reshape(o.residual, y.shape)) : y;
}

/**
 * residual + (x [M,K] @ w [K,N] + b [N]) in the residual's shape (M*N elements): a block's output
 * projection or second MLP layer with its skip connection. Where the backend has LINEAR the sum is in the
 * linear kernel; elsewhere the product takes the residual's shape and is added to it, so that the residual
 * itself is not reshaped: autodiff keeps a clone of each reshape's input for the backward, and on WASM a
 * clone is a copy (one more reshape per residual cost 24 copies of [B,N,D] and 24 reshapes per ViT-B step).
 */
export function linearPlus(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor | undefined, residual: tf.Tensor): tf.Tensor {
  if (hasKernel(LINEAR)) return tf.reshape(linear(x, w, b, { residual }), residual.shape);
  return tf.add(residual, tf.reshape(linear(x, w, b), residual.shape));
}

/**
 * Sums dy [..., D] over every axis but the last: [D]. Where matMul reads operands in place, as a product
 * with a row of ones: tfjs's WASM Sum reduces only the last axis and transposes first (~15 ms for ViT's
 * [400, 3072] bias gradients, against well under 1 ms for the GEMM).
 */
function sumRows(t: tf.Tensor): tf.Tensor {
  const D = t.shape[t.shape.length - 1];
  const rows = tf.reshape(t, [-1, D]) as tf.Tensor2D;
  if (!matMulReadsInPlace()) return tf.sum(rows, 0);
  return tf.tidy(() => tf.reshape(tf.matMul(tf.ones([1, rows.shape[0]]), rows), [D]));
}

// LayerNorm's gradient written out, so the backward pass keeps only x_hat and 1/sigma per row instead of
// the six intermediates tfjs's autodiff of moments/sub/rsqrt/mul would save (memory that WASM lacks).
// One custom-gradient function per epsilon (a checkpoint has one).
type LayerNormFn = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.Tensor;
const layerNorms = new Map<number, LayerNormFn>();

function layerNormFor(eps: number): LayerNormFn {
  let fn = layerNorms.get(eps);
  if (fn) return fn;
  fn = tf.customGrad(((x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    if (hasKernel(LAYER_NORM)) {
      // one fused kernel each way (backend/norm): [y, xhat, rstd] and [dx, dy * xhat]
      const [y, xhat, rstd] = tf.engine().runKernel(LAYER_NORM, { x, g, b }, { eps }) as tf.Tensor[];
      save([xhat, rstd, g]);
      return {
        value: y,
        gradFunc: (dy: tf.Tensor, [sx, sr, sg]: tf.Tensor[]) =>
          tf.tidy(() => {
            // WebGPU: dx and both parameter gradients from one kernel (backend/webgpu/layernorm.ts)
            if (hasKernel(LAYER_NORM_GRAD_FULL)) return tf.engine().runKernel(LAYER_NORM_GRAD_FULL, { dy, xhat: sx, rstd: sr, g: sg }) as tf.Tensor[];
            const [dx, dyx] = tf.engine().runKernel(LAYER_NORM_GRAD, { dy, xhat: sx, rstd: sr, g: sg }) as tf.Tensor[];
            return [dx, sumRows(dyx), sumRows(dy)];
          }),
      };
    }
    const { mean, variance } = tf.moments(x, -1, true); // [..., 1]
    const rstd = tf.rsqrt(tf.add(variance, eps)); // [..., 1]
    const xhat = tf.mul(tf.sub(x, mean), rstd); // [..., D]
    save([xhat, rstd, g]);
    return {
      value: tf.add(tf.mul(xhat, g), b),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sr, sg] = saved;
        return tf.tidy(() => {
          const dxhat = tf.mul(dy, sg); // [..., D]
          // dx = (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)) / sigma
          const dx = tf.mul(sr, tf.sub(tf.sub(dxhat, tf.mean(dxhat, -1, true)), tf.mul(sx, tf.mean(tf.mul(dxhat, sx), -1, true))));
          return [dx, sumRows(tf.mul(dy, sx)), sumRows(dy)];
        });
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as LayerNormFn;
  layerNorms.set(eps, fn);
  return fn;
}

/** LayerNorm over the last axis with the checkpoint's epsilon (biased variance, as PyTorch). */
export function layerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, eps: number): tf.Tensor {
  return layerNormFor(eps)(x, g, b);
}

// Where x feeds both a LayerNorm and a residual connection (every pre-norm block, twice), autodiff adds
// the two gradients that reach x in a program of its own. LAYER_NORM_SKIP hands x on as a second output
// for the residual, so x has one consumer, and its backward adds the residual's gradient into dx.
tf.registerGradient({
  kernelName: LAYER_NORM_SKIP,
  inputsToSave: ['g'],
  outputsToSave: [false, true, true, false],
  gradFunc: (dys, saved) => {
    const [dy, , , dres] = dys as tf.Tensor[];
    const [g, xhat, rstd] = saved;
    // one kernel for all three, run here rather than in each input's function: those run one at a time,
    // each in a scope of its own, and a function whose input is not trained is not called at all
    const [dx, dg, db] = tf.engine().runKernel(LAYER_NORM_GRAD_FULL, { dy, xhat, rstd, g, dres }) as tf.Tensor[];
    return { x: () => dx, g: () => dg, b: () => db };
  },
});

/**
 * [LayerNorm(x), x] for a block whose residual connection also reads x: use the second for the residual.
 * Where the backend has LAYER_NORM_SKIP, the residual's gradient is added inside the norm's backward;
 * elsewhere the second is x itself.
 */
export function layerNormSkip(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, eps: number): [tf.Tensor, tf.Tensor] {
  if (!hasKernel(LAYER_NORM_SKIP)) return [layerNorm(x, g, b, eps), x];
  const [y, xhat, rstd, skip] = tf.engine().runKernel(LAYER_NORM_SKIP, { x, g, b }, { eps }) as tf.Tensor[];
  tf.dispose([xhat, rstd]); // the tape keeps its own references for the backward
  return [y, skip];
}

// The activations' gradients written out: the backward pass keeps x alone (and recomputes the rest).
// quick_gelu runs as one fused kernel each way where the backend has it (tfjs composes 3 and 8 kernels).
const quickGelu = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x]);
  const fused = hasKernel(QUICK_GELU);
  return {
    value: fused ? (tf.engine().runKernel(QUICK_GELU, { x }) as tf.Tensor) : tf.mul(x, tf.sigmoid(tf.mul(x, 1.702))),
    gradFunc: (dy: tf.Tensor, [sx]: tf.Tensor[]) =>
      fused
        ? (tf.engine().runKernel(QUICK_GELU_GRAD, { x: sx, dy }) as tf.Tensor)
        : tf.tidy(() => {
            const s = tf.sigmoid(tf.mul(sx, 1.702)); // d/dx x*s(1.702x) = s + 1.702 x s (1 - s)
            return tf.mul(dy, tf.add(s, tf.mul(tf.mul(sx, 1.702), tf.mul(s, tf.sub(1, s)))));
          }),
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor) => tf.Tensor;

const erfGelu = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x]);
  return {
    value: tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))),
    gradFunc: (dy: tf.Tensor, [sx]: tf.Tensor[]) =>
      tf.tidy(() => {
        // d/dx x Phi(x) = Phi(x) + x phi(x)
        const cdf = tf.mul(0.5, tf.add(1, tf.erf(tf.mul(sx, Math.SQRT1_2))));
        const pdf = tf.mul(1 / Math.sqrt(2 * Math.PI), tf.exp(tf.mul(tf.square(sx), -0.5)));
        return tf.mul(dy, tf.add(cdf, tf.mul(sx, pdf)));
      }),
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor) => tf.Tensor;

/** quick_gelu = x * sigmoid(1.702 x) (OpenAI CLIP); gelu = the exact erf form (laion checkpoints). */
export function activation(x: tf.Tensor, kind: Activation): tf.Tensor {
  return kind === 'quick_gelu' ? quickGelu(x) : erfGelu(x);
}

/** Row-wise L2 normalisation: x / ||x||. */
export function l2normalize(x: tf.Tensor): tf.Tensor {
  return tf.div(x, tf.sqrt(tf.sum(tf.square(x), -1, true)));
}
