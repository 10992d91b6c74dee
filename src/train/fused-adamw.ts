// One AdamW update of a parameter as a single kernel where the backend has it (backend/optim: WASM, cpu
// and WebGPU); optimizer.ts keeps the op-by-op update elsewhere (WebGL).
import * as tf from '@tensorflow/tfjs-core';
import { hasKernel } from '../backend/wasm/host-kernel';
import { FUSED_ADAMW, type FusedAdamWAttrs } from '../backend/optim/adamw-scalars';

export type { FusedAdamWAttrs };

/** Whether the active backend has the fused kernel. */
export function hasFusedAdamW(): boolean {
  return hasKernel(FUSED_ADAMW);
}

/** [p1, m1, v1] after one AdamW step (float32 tensors of p's shape). */
export function fusedAdamW(p: tf.Tensor, m: tf.Tensor, v: tf.Tensor, g: tf.Tensor, attrs: FusedAdamWAttrs): tf.Tensor[] {
  return tf.engine().runKernel(FUSED_ADAMW, { p, m, v, g }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
}
