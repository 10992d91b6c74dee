// vit-b32-forward: images/s of the image encoder (random ViT-B/32) at several batch sizes, on the active backend.
import * as tf from '@tensorflow/tfjs-core';
import type { ClipModel } from '../../src/model/clip';
import { errorRow, rateRow, timeRuns, type Row, type TimingPlan } from '../rows';

export const FORWARD_METRIC = 'vit-b32-forward';

export async function benchForward(model: ClipModel, backend: string, plans: Record<number, TimingPlan>, emit: (r: Row) => void): Promise<void> {
  const S = model.config.vision.imageSize;
  for (const [b, plan] of Object.entries(plans)) {
    const batch = Number(b);
    try {
      const x = tf.randomNormal([batch, 3, S, S], 0, 1, 'float32', batch);
      const times = await timeRuns(async () => {
        const y = model.encodeImage(x);
        await y.data(); // one read-back: the time includes waiting for the device
        y.dispose();
      }, plan);
      x.dispose();
      emit(rateRow(FORWARD_METRIC, backend, batch, times, plan));
    } catch (e) {
      emit(errorRow(FORWARD_METRIC, backend, 'images/s', e, { batch }));
    }
  }
}
