// One optimisation step's gradients accumulated over micro-batches: each pass's loss is its mean weighted by
// its share of the batch, its gradients summed into the step's (fused-accumulate.ts). Each pass keeps its
// weighted loss and per-sample parts on the device for the step's one read-back (step-record.ts).
import * as tf from '@tensorflow/tfjs-core';
import type { FineTuneModel, StudentInput } from './finetune-model';
import { accumulate } from './fused-accumulate';
import { lossParts, type LossConfig, type LossParts } from './losses';

/** The per-sample parts a step reports, in the order each pass keeps them. */
export const LOSS_PARTS = ['ce', 'kl', 'w', 'ps', 'pt', 'kd'] as const;

/** A micro-batch's student input, teacher logits [b,C] and labels [b]. */
export interface StepPass {
  input: StudentInput;
  teacher: tf.Tensor;
  labels: tf.Tensor;
}

/** What the gradient paths need from the trainer. */
export interface StepGradContext {
  model: FineTuneModel;
  loss: LossConfig;
  microBatch: number;
  /** The pass over `ids` (augmented views drawn from `rng`); the caller of the path disposes nothing of it. */
  passInputs(ids: number[], rng: () => number): Promise<StepPass>;
}

/**
 * The loss parts of image features [B,E] through the student head: the head's own training loss where it
 * has one (FLYP's: each image against its caption of `templates`), else the loss of its logits.
 */
export function featureParts(ctx: StepGradContext, features: tf.Tensor, teacher: tf.Tensor, labels: tf.Tensor, templates?: number[]): LossParts {
  const head = ctx.model.head!;
  if (!head.trainingLogits) return lossParts(ctx.loss, head.logits(features), teacher, labels);
  const { logits, task } = head.trainingLogits(features, labels, templates);
  return lossParts(ctx.loss, logits, teacher, labels, () => task);
}

/** Gradients by variable name and the size of each pass, their parts pushed onto `kept`. */
export async function microBatchGrads(ctx: StepGradContext, batch: number[], rng: () => number, kept: tf.Tensor[], templates?: number[]): Promise<{ grads: Record<string, tf.Tensor>; chunks: number[] }> {
  const { model } = ctx;
  const varList = Object.values(model.vars);
  const names = Object.keys(model.vars);
  const acc: Record<string, tf.Tensor> = {};
  const chunks: number[] = [];
  for (let i = 0; i < batch.length; i += ctx.microBatch) {
    const ids = batch.slice(i, i + ctx.microBatch);
    const { input, teacher, labels } = await ctx.passInputs(ids, rng);
    const share = ids.length / batch.length; // micro-batch means weighted into the batch mean
    const { value, grads } = tf.variableGrads(() => {
      const parts = model.head?.trainingLogits
        ? featureParts(ctx, model.studentFeatures(input), teacher, labels, templates?.slice(i, i + ctx.microBatch))
        : lossParts(ctx.loss, model.studentLogits(input), teacher, labels);
      kept.push(tf.keep(tf.concat([tf.reshape(tf.mul(parts.loss, share), [1]), ...LOSS_PARTS.map((k) => parts[k])])));
      return tf.mul(parts.loss, share) as tf.Scalar;
    }, varList);
    value.dispose();
    names.forEach((n, j) => {
      const g = grads[varList[j].name];
      if (!g) return;
      acc[n] = acc[n] ? accumulate(acc[n], g) : g;
    });
    tf.dispose([input.x, teacher, labels]);
    chunks.push(ids.length);
  }
  return { grads: acc, chunks };
}
