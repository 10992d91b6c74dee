// A step whose loss couples the batch's samples (FLYP's contrastive loss) split into micro-batches: the loss
// over the whole batch, the image tower's gradient pass by pass (coupled-grads.ts). Grads by variable name;
// the loss and per-sample parts of the whole batch are pushed onto `kept` as one pass's.
import * as tf from '@tensorflow/tfjs-core';
import { coupledGrads } from './coupled-grads';
import { featureParts, LOSS_PARTS, type StepGradContext, type StepPass } from './micro-batch-grads';

export async function wholeBatchGrads(ctx: StepGradContext, batch: number[], rng: () => number, kept: tf.Tensor[], templates?: number[]): Promise<Record<string, tf.Tensor>> {
  const { model } = ctx;
  const passes: StepPass[] = [];
  for (let i = 0; i < batch.length; i += ctx.microBatch) passes.push(await ctx.passInputs(batch.slice(i, i + ctx.microBatch), rng));
  try {
    const entries = Object.entries(model.vars);
    // The image tower's variables train through the features; the rest (text tower, scale) through the loss.
    const head = entries.filter(([k]) => !k.startsWith('v.')).map(([, v]) => v);
    const tower = entries.filter(([k]) => k.startsWith('v.')).map(([, v]) => v);
    const teacher = tf.concat(passes.map((p) => p.teacher));
    const labels = tf.concat(passes.map((p) => p.labels));
    const grads = coupledGrads(passes.map((p) => ({ features: () => model.studentFeatures(p.input) })), (features) => {
      const parts = featureParts(ctx, features, teacher, labels, templates);
      kept.push(tf.keep(tf.concat([tf.reshape(parts.loss, [1]), ...LOSS_PARTS.map((k) => parts[k])])));
      return parts.loss;
    }, head, tower);
    tf.dispose([teacher, labels]);
    const byName = new Map(entries.map(([k, v]) => [v.name, k]));
    return Object.fromEntries(Object.entries(grads).map(([tfName, g]) => [byName.get(tfName)!, g]));
  } finally {
    for (const p of passes) tf.dispose([p.input.x, p.teacher, p.labels]);
  }
}
