// CLIP-Adapter (Gao et al., IJCV 2023): a bottleneck MLP on the frozen image features, mixed back into them
// by a residual ratio, then the zero-shot cosine classifier. Follows gaopengcuhk/CLIP-Adapter
// `clip_adapter.py` (commit 08d07f8): Adapter = Linear(E, E/reduction, no bias), ReLU, Linear(E/reduction,
// E, no bias), ReLU; f' = ratio * adapter(f) + (1 - ratio) * f with ratio 0.2, reduction 4; logits =
// exp(logit_scale) * cos(f', text features of the prompts), scale and prompts frozen. The weights start as
// PyTorch's nn.Linear does (uniform in +-1/sqrt(fan_in)).
// Letters: B batch, E embedding, R = E / reduction, C classes.
import * as tf from '@tensorflow/tfjs-core';
import { l2normalize, linear } from '../../../model/ops';
import { initValue, type InitValues, type StudentHead } from '../student-head';

/** Parameter names; in --init files the same without the prefix: `fc1` [E, R], `fc2` [R, E] (x @ W). */
export const ADAPTER_FC1 = 'adapter.fc1';
export const ADAPTER_FC2 = 'adapter.fc2';

let instances = 0;

function uniform(n: number, bound: number, rng: () => number): Float32Array {
  return Float32Array.from({ length: n }, () => (rng() * 2 - 1) * bound);
}

export class ClipAdapterHead implements StudentHead {
  readonly vars: Record<string, tf.Variable> = {};
  private readonly w0: tf.Tensor2D;
  private readonly scale: tf.Scalar;

  constructor(
    classEmbeds: tf.Tensor2D,
    logitScale: tf.Tensor,
    readonly ratio: number,
    reduction: number,
    rng: () => number,
    init?: InitValues,
  ) {
    const E = classEmbeds.shape[1];
    const R = Math.floor(E / reduction);
    if (!(reduction >= 1) || R < 1) throw new Error(`CLIP-Adapter: reduction ${reduction} leaves no bottleneck for ${E} features; use 1 to ${E}`);
    if (!(ratio >= 0 && ratio <= 1)) throw new Error(`CLIP-Adapter: the residual ratio must be in [0, 1], got ${ratio}`);
    this.w0 = tf.keep(tf.clone(classEmbeds));
    this.scale = tf.keep(tf.clone(logitScale)) as tf.Scalar;
    const tag = `adapter${instances++}`;
    const fc1 = initValue(init, 'fc1', [E, R]) ?? uniform(E * R, 1 / Math.sqrt(E), rng);
    const fc2 = initValue(init, 'fc2', [R, E]) ?? uniform(R * E, 1 / Math.sqrt(R), rng);
    this.vars[ADAPTER_FC1] = tf.variable(tf.tensor2d(fc1, [E, R]), true, `${tag}/${ADAPTER_FC1}`);
    this.vars[ADAPTER_FC2] = tf.variable(tf.tensor2d(fc2, [R, E]), true, `${tag}/${ADAPTER_FC2}`);
  }

  /** The adapted features [B,E]. */
  adapt(features: tf.Tensor): tf.Tensor {
    const x = tf.relu(linear(tf.relu(linear(features, this.vars[ADAPTER_FC1])), this.vars[ADAPTER_FC2])); // [B, R] -> [B, E]
    return tf.add(tf.mul(x, this.ratio), tf.mul(features, 1 - this.ratio));
  }

  logits(features: tf.Tensor): tf.Tensor2D {
    return tf.mul(tf.exp(this.scale), tf.matMul(l2normalize(this.adapt(features)), l2normalize(this.w0), false, true)) as tf.Tensor2D; // [B, C]
  }

  classWeights(): { W: tf.Tensor2D; scale: tf.Scalar } {
    return { W: tf.clone(this.w0), scale: tf.clone(this.scale) };
  }

  dispose(): void {
    tf.dispose([this.w0, this.scale]);
  }
}
