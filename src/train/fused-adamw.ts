// One AdamW update of a parameter as a single kernel on the CPU-side backends (WASM, cpu): one pass over
// p, m, v and g instead of ~12 tfjs ops that each read and write the whole tensor. For ViT-B/32's 88 M
// parameters that is the difference between ~12 full passes over 350 MB (plus 12 allocations) and one.
// The arithmetic is torch.optim.AdamW's (see optimizer.ts): on WASM a generated SIMD pass in float32
// (backend/optim), elsewhere and for the last few elements a JavaScript loop in float64, stored as float32.
// WebGPU has its own registration (backend/optim/adamw-webgpu.ts); WebGL keeps the op-by-op update
// (optimizer.ts checks whether this kernel exists for the backend).
import * as tf from '@tensorflow/tfjs-core';
import { hasKernel, hostOutputs, hostView, registerHostKernel } from '../backend/host-kernel';
import { adamwSimd } from '../backend/optim/adamw-simd';
import { adamwScalars, FUSED_ADAMW, type FusedAdamWAttrs } from '../backend/optim/adamw-scalars';

export type { FusedAdamWAttrs };

/** p1, m1, v1 from p, m, v, g (all the same length), from element `from` on. */
function update(p: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array, p1: Float32Array, m1: Float32Array, v1: Float32Array, a: FusedAdamWAttrs, from: number): void {
  const keep = 1 - a.lr * a.weightDecay;
  const { beta1, beta2, eps } = a;
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  const sqrtBc2 = Math.sqrt(a.bc2);
  const stepSize = a.lr / a.bc1;
  for (let i = from; i < p.length; i++) {
    const gi = g[i];
    const mi = beta1 * m[i] + c1 * gi;
    const vi = beta2 * v[i] + c2 * gi * gi;
    m1[i] = mi;
    v1[i] = vi;
    p1[i] = p[i] * keep - (mi / (Math.sqrt(vi) / sqrtBc2 + eps)) * stepSize;
  }
}

registerHostKernel<FusedAdamWAttrs>(FUSED_ADAMW, ({ inputs, backend, attrs }) => {
  const { p, m, v, g } = inputs;
  const { infos, views } = hostOutputs(backend, [p.shape, m.shape, v.shape]);
  const [p1, m1, v1] = views;
  const ins = [p, m, v, g].map((t) => hostView(backend, t));
  const done = adamwSimd(backend, [...ins, p1, m1, v1], adamwScalars(attrs));
  update(ins[0], ins[1], ins[2], ins[3], p1, m1, v1, attrs, done);
  return infos;
});

/** Whether the active backend has the fused kernel. */
export function hasFusedAdamW(): boolean {
  return hasKernel(FUSED_ADAMW);
}

/** [p1, m1, v1] after one AdamW step (float32 tensors of p's shape). */
export function fusedAdamW(p: tf.Tensor, m: tf.Tensor, v: tf.Tensor, g: tf.Tensor, attrs: FusedAdamWAttrs): tf.Tensor[] {
  return tf.engine().runKernel(FUSED_ADAMW, { p, m, v, g }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
}
