// The gradient path of one step: over micro-batches (micro-batch-grads.ts), or, where the head's loss
// compares samples across the batch (FLYP's contrastive loss), over the whole batch with the passes split as
// asked (whole-batch-grads.ts). Returns the gradients by name, each pass's kept loss parts and pass sizes.
import type * as tf from '@tensorflow/tfjs-core';
import { microBatchGrads, type StepGradContext } from './micro-batch-grads';
import { wholeBatchGrads } from './whole-batch-grads';

/** `templates`: with FLYP's several templates, each image's caption template (methods/flyp/caption-pairs.ts). */
export async function stepGradients(ctx: StepGradContext, batch: number[], rng: () => number, templates?: number[]): Promise<{ grads: Record<string, tf.Tensor>; kept: tf.Tensor[]; chunks: number[] }> {
  const kept: tf.Tensor[] = [];
  const { grads, chunks } = ctx.model.head?.couplesBatch && batch.length > ctx.microBatch
    ? { grads: await wholeBatchGrads(ctx, batch, rng, kept, templates), chunks: [batch.length] }
    : await microBatchGrads(ctx, batch, rng, kept, templates);
  return { grads, kept, chunks };
}
