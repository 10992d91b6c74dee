// The toy method's head: logits = exp(s0) * cos(f, W0) + b, with only b [C] trained (starting at zero).
// Letters: B batch, E embedding, C classes.
import * as tf from '@tensorflow/tfjs-core';
import { l2normalize } from '../../../../model/ops';
import type { StudentHead } from '../../student-head';

export const CLASS_BIAS = 'toy.bias';

let instances = 0;

export class ClassBiasHead implements StudentHead {
  readonly vars: Record<string, tf.Variable> = {};
  private readonly w0: tf.Tensor2D;
  private readonly scale: tf.Scalar;

  constructor(classEmbeds: tf.Tensor2D, logitScale: tf.Tensor) {
    this.w0 = tf.keep(tf.clone(classEmbeds));
    this.scale = tf.keep(tf.clone(logitScale)) as tf.Scalar;
    this.vars[CLASS_BIAS] = tf.variable(tf.zeros([classEmbeds.shape[0]]), true, `toy${instances++}/${CLASS_BIAS}`);
  }

  logits(features: tf.Tensor): tf.Tensor2D {
    const cos = tf.matMul(l2normalize(features), l2normalize(this.w0), false, true); // [B, C]
    return tf.add(tf.mul(tf.exp(this.scale), cos), this.vars[CLASS_BIAS]) as tf.Tensor2D; // [B, C]
  }

  classWeights(): { W: tf.Tensor2D; scale: tf.Scalar } {
    return { W: tf.clone(this.w0), scale: tf.clone(this.scale) };
  }

  dispose(): void {
    tf.dispose([this.w0, this.scale]);
  }
}
