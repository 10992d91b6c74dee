// The fine-tuning model of PROREG.md. Student: the image encoder (its trained part as variables) and a cosine
// head z_s = exp(s) * norm(f(x)) @ norm(W)^T, W initialised from the prompt embeddings W0 and s from the
// checkpoint's logit scale. Teacher: the frozen pretrained encoder with W0 and s0.
// Letters: B batch, N tokens, D width, E embedding, C classes.
import * as tf from '@tensorflow/tfjs-core';
import type { ClipModel } from '../model/clip';
import type { Params } from '../model/params';
import { l2normalize } from '../model/ops';
import { visionBlocks, visionEmbed, visionFeatures } from '../model/vision';
import type { StudentHead } from './methods/student-head';
import { fusedCosineLogits, hasFusedCosineHead } from './fused-objective';
import { firstTrainedBlock, trainedVisionParams, type Scope } from './scope';

/** What the student starts from: pixels, hidden states entering the first trained block, or pooled features. */
export type StudentInput = { kind: 'pixels'; x: tf.Tensor } | { kind: 'hidden'; x: tf.Tensor } | { kind: 'features'; x: tf.Tensor };

export const HEAD_W = 'head.W';
export const HEAD_SCALE = 'head.scale';

// tfjs variable names are global: each model gets its own prefix so several can live at once.
let instances = 0;

export class FineTuneModel {
  /** Student parameters that train (vision subset + head), owned by this object. */
  readonly vars: Record<string, tf.Variable> = {};
  /** Frozen prompt embeddings W0 [C,E] and scale s0, owned. */
  readonly w0: tf.Tensor2D;
  readonly s0: tf.Scalar;
  readonly firstBlock: number;

  constructor(
    readonly clip: ClipModel,
    classEmbeds: tf.Tensor2D,
    readonly scope: Scope,
    /** A student method's head (CoOp, adapters) in place of the cosine head W, s; owned by this model. */
    readonly head: StudentHead | null = null,
  ) {
    const cfg = clip.config;
    this.firstBlock = firstTrainedBlock(cfg, scope);
    const tag = `ft${instances++}`;
    this.w0 = tf.keep(tf.clone(classEmbeds));
    this.s0 = tf.keep(tf.clone(clip.params['logit_scale'])) as tf.Scalar;
    for (const name of trainedVisionParams(cfg, scope)) this.vars[name] = tf.variable(clip.params[name], true, `${tag}/${name}`);
    if (head) {
      Object.assign(this.vars, head.vars);
    } else {
      this.vars[HEAD_W] = tf.variable(classEmbeds, true, `${tag}/${HEAD_W}`);
      this.vars[HEAD_SCALE] = tf.variable(clip.params['logit_scale'], true, `${tag}/${HEAD_SCALE}`);
    }
  }

  /** Names of the trained parameters that are not an encoder's (image or text tower): they train at the head's rate. */
  headNames(): string[] {
    return Object.keys(this.vars).filter((k) => !k.startsWith('v.') && !k.startsWith('t.'));
  }

  get numClasses(): number {
    return this.w0.shape[0];
  }

  /** Encoder parameters as the student sees them: pretrained, overridden by the trained variables. */
  studentParams(): Params {
    return { ...this.clip.params, ...this.vars };
  }

  /** Frozen prefix of the encoder: pixels -> hidden states entering the first trained block [B,N,D]. */
  frozenPrefix(pixels: tf.Tensor): tf.Tensor {
    const p = this.clip.params;
    return visionBlocks(p, this.clip.config, visionEmbed(p, this.clip.config, pixels), 0, this.firstBlock);
  }

  /** Pretrained image features [B,E] (the teacher's encoder output). */
  pretrainedFeatures(pixels: tf.Tensor): tf.Tensor {
    const p = this.clip.params;
    const cfg = this.clip.config;
    return visionFeatures(p, cfg, visionEmbed(p, cfg, pixels));
  }

  /** Pretrained features [B,E] continuing from frozen hidden states entering the first trained block. */
  pretrainedFeaturesFromHidden(hidden: tf.Tensor, p: Params = this.clip.params): tf.Tensor {
    return visionFeatures(p, this.clip.config, hidden, this.firstBlock);
  }

  /** Teacher logits [B,C] from pretrained features [B,E]. */
  teacherLogitsFromFeatures(features: tf.Tensor): tf.Tensor2D {
    return cosineLogits(features, this.w0, this.s0);
  }

  /** Student image features [B,E] from whichever input the scope's cache provides. */
  studentFeatures(input: StudentInput): tf.Tensor {
    const p = this.studentParams();
    const cfg = this.clip.config;
    switch (input.kind) {
      case 'features':
        return input.x;
      case 'hidden':
        return visionFeatures(p, cfg, input.x, this.firstBlock);
      case 'pixels':
        return visionFeatures(p, cfg, visionEmbed(p, cfg, input.x));
    }
  }

  studentLogits(input: StudentInput): tf.Tensor2D {
    if (this.head) return this.head.logits(this.studentFeatures(input));
    return cosineLogits(this.studentFeatures(input), this.vars[HEAD_W], this.vars[HEAD_SCALE]);
  }

  dispose(): void {
    tf.dispose([this.w0, this.s0, ...Object.values(this.vars)]);
    this.head?.dispose();
  }
}

/** exp(s) * norm(f) @ norm(W)^T: [B,E] x [C,E] -> [B,C]. */
export function cosineLogits(features: tf.Tensor, w: tf.Tensor, scale: tf.Tensor): tf.Tensor2D {
  if (hasFusedCosineHead()) return fusedCosineLogits(features, w, scale);
  return tf.mul(tf.exp(scale), tf.matMul(l2normalize(features), tf.transpose(l2normalize(w)))) as tf.Tensor2D;
}
