// The cosine head and the training objective as one kernel each way where the backend registers them
// (WebGPU: backend/webgpu/cosine-head.ts, backend/webgpu/proreg-loss.ts). finetune-model.ts and losses.ts
// call these when `hasFused...` is true and compose tfjs ops otherwise; the arithmetic is the same.
// Letters: B batch, C classes, E embedding.
import * as tf from '@tensorflow/tfjs-core';
import { hasKernel } from '../backend/wasm/host-kernel';
import { COSINE_HEAD, COSINE_HEAD_GRAD } from '../backend/webgpu/cosine-head';
import { PROREG_LOSS, type ProRegLossAttrs } from '../backend/webgpu/proreg-loss';
import type { LossConfig, LossParts } from './losses';

export const hasFusedCosineHead = () => hasKernel(COSINE_HEAD);
export const hasFusedLoss = () => hasKernel(PROREG_LOSS);

type Head = (f: tf.Tensor, w: tf.Tensor, s: tf.Tensor) => tf.Tensor2D;

const head: Head = tf.customGrad(((f: tf.Tensor, w: tf.Tensor, s: tf.Tensor, save: tf.GradSaveFunc) => {
  const [z, aux] = tf.engine().runKernel(COSINE_HEAD, { f, w, s }) as tf.Tensor[]; // [B,C], [B+C+1]
  save([f, w, z, aux]);
  return {
    value: z,
    gradFunc: (dz: tf.Tensor, saved: tf.Tensor[]) => {
      const [sf, sw, sz, saux] = saved;
      return tf.engine().runKernel(COSINE_HEAD_GRAD, { dz, f: sf, w: sw, z: sz, aux: saux }, { scaleShape: s.shape }) as tf.Tensor[]; // df, dw, ds
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as Head;

/** exp(s) * norm(f) @ norm(W)^T: [B,E] x [C,E] -> [B,C], one program each way. */
export function fusedCosineLogits(features: tf.Tensor, w: tf.Tensor, scale: tf.Tensor): tf.Tensor2D {
  return head(features, w, scale);
}

/**
 * lossParts in one program: the parts come out of the kernel beside the total, and the total's gradient
 * with respect to the student's logits is dy * G (G kept from the forward pass). The teacher's logits and
 * the labels are constants of the step, so they are not inputs of the gradient.
 */
export function fusedLossParts(cfg: LossConfig, student: tf.Tensor, teacher: tf.Tensor, labels: tf.Tensor): LossParts {
  const attrs: ProRegLossAttrs = { kind: cfg.kind, variant: cfg.variant, alpha: cfg.alpha, temperature: cfg.temperature, gamma: cfg.gamma };
  const y = labels.dtype === 'int32' ? labels : tf.cast(labels, 'int32');
  let parts: tf.Tensor[] = [];
  const total = tf.customGrad(((z: tf.Tensor, save: tf.GradSaveFunc) => {
    parts = tf.engine().runKernel(PROREG_LOSS, { z, t: teacher, labels: y }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    save([parts[7]]); // G [B,C]
    parts.slice(1, 7).forEach((p) => tf.keep(p)); // the forward runs in a tidy that keeps only its value
    return { value: parts[0], gradFunc: (dy: tf.Tensor, [g]: tf.Tensor[]) => tf.mul(dy, g) };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (z: tf.Tensor) => tf.Scalar;
  const loss = total(student);
  // back into the caller's scope (a clone shares the buffer)
  const [ce, kd, kl, w, ps, pt] = parts.slice(1, 7).map((p) => {
    const c = tf.clone(p) as tf.Tensor1D;
    p.dispose();
    return c;
  });
  return { loss, ce, kd, kl, w, ps, pt };
}
