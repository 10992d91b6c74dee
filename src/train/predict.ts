// Student logits for a list of samples from clean views, in micro-batches: evaluation outside the
// training loop (sweeps over interpolated weights, exported models).
import * as tf from '@tensorflow/tfjs-core';
import type { FineTuneModel, StudentInput } from './finetune-model';
import type { TrainData } from './train-data';

/** `features`: pretrained features per id, which head-only models take directly (no encoder pass). */
export async function predictLogits(model: FineTuneModel, data: TrainData, ids: number[], microBatch: number, features?: Map<number, Float32Array>): Promise<Float32Array> {
  const C = model.numClasses;
  const S = model.clip.config.vision.imageSize;
  const out = new Float32Array(ids.length * C);
  for (let i = 0; i < ids.length; i += microBatch) {
    const chunk = ids.slice(i, i + microBatch);
    let input: StudentInput;
    if (model.scope.kind === 'head' && features) {
      const E = model.w0.shape[1];
      const rows = new Float32Array(chunk.length * E);
      chunk.forEach((id, j) => rows.set(features.get(id)!, j * E));
      input = { kind: 'features', x: tf.tensor2d(rows, [chunk.length, E]) };
    } else {
      data.prefetch?.(ids.slice(i + microBatch, i + 2 * microBatch));
      const px = await data.pixels(chunk, { augment: false, rng: Math.random });
      const x = tf.tensor4d(px, [chunk.length, 3, S, S]);
      input = model.scope.kind === 'full' ? { kind: 'pixels', x } : { kind: 'hidden', x: tf.tidy(() => model.frozenPrefix(x)) };
      if (input.x !== x) x.dispose();
    }
    const logits = tf.tidy(() => model.studentLogits(input));
    out.set((await logits.data()) as Float32Array, i * C);
    tf.dispose([logits, input.x]);
  }
  return out;
}
