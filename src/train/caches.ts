// Frozen work done once per image (without augmentation): the teacher's logits always, and the student's
// frozen prefix: pooled features for head-only, hidden states entering the first trained block for last-K.
// Stored on the host so GPU memory holds only the micro-batch in flight.
import * as tf from '@tensorflow/tfjs-core';
import type { FineTuneModel } from './finetune-model';
import type { TrainData } from './train-data';
import { yieldToEventLoop } from '../shared/yield';

export interface FrozenCache {
  teacherLogits: Map<number, Float32Array>;
  /** Student input per image: features [E] (head) or hidden states [N*D] (last-K); empty for full. */
  studentInput: Map<number, Float32Array>;
  /** Shape of one studentInput entry. */
  inputShape: number[];
}

/**
 * Runs the frozen encoder over `ids` in batches of `batch` (clean views). `studentInputs` says whether to
 * keep the student's frozen prefix too. `onBatch` reports progress after each batch.
 */
export async function buildFrozenCache(
  model: FineTuneModel,
  data: TrainData,
  ids: number[],
  batch: number,
  studentInputs: boolean,
  onBatch: (done: number, total: number) => void,
  shouldStop: () => boolean = () => false,
): Promise<FrozenCache> {
  const cfg = model.clip.config;
  const S = cfg.vision.imageSize;
  const kind = model.scope.kind;
  const cache: FrozenCache = { teacherLogits: new Map(), studentInput: new Map(), inputShape: [] };
  for (let i = 0; i < ids.length; i += batch) {
    await yieldToEventLoop();
    if (shouldStop()) break;
    const chunk = ids.slice(i, i + batch);
    data.prefetch?.(ids.slice(i + batch, i + 2 * batch));
    const px = await data.pixels(chunk, { augment: false, rng: Math.random });
    const { logits, input } = tf.tidy((): { logits: tf.Tensor; input?: tf.Tensor } => {
      const x = tf.tensor4d(px, [chunk.length, 3, S, S]);
      const p = model.clip.params;
      if (kind === 'head' || kind === 'full' || !studentInputs) {
        const f = model.pretrainedFeatures(x);
        return studentInputs && kind === 'head' ? { logits: model.teacherLogitsFromFeatures(f), input: f } : { logits: model.teacherLogitsFromFeatures(f) };
      }
      // last-K: the prefix is shared by the teacher, so continue from it instead of recomputing.
      const hidden = model.frozenPrefix(x);
      const f = model.pretrainedFeaturesFromHidden(hidden, p);
      return { logits: model.teacherLogitsFromFeatures(f), input: hidden };
    });
    const logitsHost = (await logits.data()) as Float32Array;
    const C = logits.shape[1] as number;
    chunk.forEach((id, j) => cache.teacherLogits.set(id, logitsHost.slice(j * C, (j + 1) * C)));
    if (input) {
      const host = (await input.data()) as Float32Array;
      const per = host.length / chunk.length;
      cache.inputShape = input.shape.slice(1);
      chunk.forEach((id, j) => cache.studentInput.set(id, host.slice(j * per, (j + 1) * per)));
    }
    tf.dispose(input ? [logits, input] : [logits]);
    onBatch(Math.min(i + batch, ids.length), ids.length);
  }
  return cache;
}

/** Stacks cached rows for ids into one [n, ...shape] tensor. */
export function stackRows(map: Map<number, Float32Array>, ids: number[], shape: number[]): tf.Tensor {
  const per = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(ids.length * per);
  ids.forEach((id, j) => {
    const row = map.get(id);
    if (!row) throw new Error(`internal: no cached row for sample ${id}`);
    out.set(row, j * per);
  });
  return tf.tensor(out, [ids.length, ...shape]);
}
