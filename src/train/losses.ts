// The training objectives of PROREG.md as functions of logits, returning named per-sample parts and the
// total (open_clip's habit): the charts read the names, so a new term needs no UI change.
// Letters: B batch, C classes. All per-sample parts are [B]; `loss` is a scalar.
import * as tf from '@tensorflow/tfjs-core';
import '../model/ops'; // registers gradients
import { fusedLossParts, hasFusedLoss } from './fused-objective';

export type WeightVariant = 'official' | 'prob_ratio' | 'ce_ratio';
export type LossKind = 'proreg' | 'kd' | 'ce';

export interface LossConfig {
  kind: LossKind;
  /** Weight of the distillation term (ProReg: BAR 1, DomainNet/PACS/NICO-animal 2; fixed KD: 0.5). */
  alpha: number;
  /** Distillation temperature T (1 in every official config). */
  temperature: number;
  /** ProReg's trade-off weight formula. */
  variant: WeightVariant;
  /** Exponent for the ce_ratio variant. */
  gamma: number;
}

export const DEFAULT_LOSS: LossConfig = { kind: 'proreg', alpha: 1, temperature: 1, variant: 'official', gamma: 1 };

export type LossParts = {
  loss: tf.Scalar;
  /** Student cross-entropy -log p_s(y). */
  ce: tf.Tensor1D;
  /** Distillation term -T^2 sum_c p_t^T log p_s^T (what the loss uses). */
  kd: tf.Tensor1D;
  /** KL(teacher || student) at temperature T, scaled by T^2: kd minus the teacher's entropy; >= 0. */
  kl: tf.Tensor1D;
  /** Trade-off weight (no gradient); 0 for CE, alpha for fixed KD. */
  w: tf.Tensor1D;
  /** Student probability of the true class. */
  ps: tf.Tensor1D;
  /** Teacher (zero-shot) probability of the true class. */
  pt: tf.Tensor1D;
};

export const PART_NAMES = ['ce', 'kd', 'kl', 'w', 'ps', 'pt'] as const;
export type PartName = (typeof PART_NAMES)[number];

/** Identity whose gradient is zero: the trade-off weight must not carry gradient. */
const stopGradient = tf.customGrad(((x: tf.Tensor) => ({ value: tf.clone(x), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) })) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor) => tf.Tensor;

/** The adaptive weight of each variant from p_s(y), p_t(y), ce and the teacher's ce. */
function tradeOffWeight(cfg: LossConfig, ps: tf.Tensor, pt: tf.Tensor, ce: tf.Tensor, cet: tf.Tensor): tf.Tensor {
  switch (cfg.variant) {
    case 'official': {
      const pt10 = tf.pow(pt, 10);
      return tf.div(pt10, tf.add(tf.add(ps, pt10), 1e-5));
    }
    case 'prob_ratio':
      return tf.div(pt, tf.add(tf.add(ps, pt), 1e-5));
    case 'ce_ratio': {
      const a = tf.pow(ce, cfg.gamma);
      return tf.div(a, tf.add(tf.add(a, tf.pow(cet, cfg.gamma)), 1e-5));
    }
  }
}

/**
 * A method's own per-sample training loss [B] from the student's logits [B,C] and labels [B] (FLYP's
 * contrastive loss), which takes the place of the cross-entropy in every objective below.
 */
export type TaskLoss = (student: tf.Tensor, labels: tf.Tensor) => tf.Tensor1D;

/**
 * student [B,C], teacher [B,C] (constant), labels [B] int32 -> loss and per-sample parts.
 * `task`, when given, is the per-sample term the label teaches (else the cross-entropy `ce`); ProReg's
 * weight is still read from the student's class probabilities. Call inside tf.tidy / a gradient
 * function; the caller keeps what it needs. The fused WebGPU loss computes the cross-entropy itself,
 * so it serves only objectives without a task loss.
 */
export function lossParts(cfg: LossConfig, student: tf.Tensor, teacher: tf.Tensor, labels: tf.Tensor, task?: TaskLoss): LossParts {
  if (!task && hasFusedLoss()) return fusedLossParts(cfg, student, teacher, labels);
  const C = student.shape[1] as number;
  const T = cfg.temperature;
  const onehot = tf.oneHot(tf.cast(labels, 'int32'), C); // [B,C]
  const ce = tf.neg(tf.sum(tf.mul(onehot, tf.logSoftmax(student)), 1)); // [B]
  const cet = tf.neg(tf.sum(tf.mul(onehot, tf.logSoftmax(teacher)), 1)); // [B]
  const ptT = tf.softmax(tf.div(teacher, T)); // [B,C]
  const kd = tf.mul(tf.neg(tf.sum(tf.mul(ptT, tf.logSoftmax(tf.div(student, T))), 1)), T * T); // [B]
  const entropy = tf.neg(tf.sum(tf.mul(ptT, tf.logSoftmax(tf.div(teacher, T))), 1)); // [B]
  const kl = tf.sub(kd, tf.mul(entropy, T * T)); // [B]
  const ps = tf.exp(tf.neg(ce));
  const pt = tf.exp(tf.neg(cet));
  const own = task ? task(student, labels) : ce; // [B]
  let w: tf.Tensor;
  let loss: tf.Tensor;
  if (cfg.kind === 'proreg') {
    w = stopGradient(tradeOffWeight(cfg, stopGradient(ps), pt, stopGradient(ce), cet));
    loss = tf.add(tf.mean(tf.mul(tf.sub(1, w), own)), tf.mul(cfg.alpha, tf.mean(tf.mul(w, kd))));
  } else if (cfg.kind === 'kd') {
    w = tf.fill(ce.shape, cfg.alpha);
    loss = tf.add(tf.mul(1 - cfg.alpha, tf.mean(own)), tf.mul(cfg.alpha, tf.mean(kd)));
  } else {
    w = tf.zerosLike(ce);
    loss = tf.mean(own);
  }
  return { loss: loss as tf.Scalar, ce: ce as tf.Tensor1D, kd: kd as tf.Tensor1D, kl: kl as tf.Tensor1D, w: w as tf.Tensor1D, ps: ps as tf.Tensor1D, pt: pt as tf.Tensor1D };
}
