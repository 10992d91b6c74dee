// The one device read of a step: the passes' kept losses and per-sample parts (micro-batch-grads.ts) as the
// step's loss, its means and the per-sample arrays the charts receive.
import * as tf from '@tensorflow/tfjs-core';
import type { SampleArrays, StepPoint } from '../protocol/train-types';
import { LOSS_PARTS } from './micro-batch-grads';

export interface StepParts {
  /** The batch's loss (the passes' weighted losses summed). */
  loss: number;
  /** Each part per sample, in batch order. */
  per: Record<(typeof LOSS_PARTS)[number], number[]>;
}

/** Reads `kept` (one tensor per pass of `chunks[i]` samples) back from the device and disposes it. */
export async function readStepParts(kept: tf.Tensor[], chunks: number[]): Promise<StepParts> {
  const flat = tf.concat(kept);
  const host = (await flat.data()) as Float32Array;
  tf.dispose([flat, ...kept]);
  let loss = 0;
  const per = Object.fromEntries(LOSS_PARTS.map((k) => [k, []])) as unknown as StepParts['per'];
  let off = 0;
  for (const n of chunks) {
    loss += host[off];
    off += 1;
    for (const k of LOSS_PARTS) {
      per[k].push(...host.subarray(off, off + n));
      off += n;
    }
  }
  return { loss, per };
}

/** The step's point (means of each part) and per-sample arrays. */
export function stepRecord(batch: number[], step: number, epoch: number, { loss, per }: StepParts, lrs: { encoder: number; head: number }): { point: StepPoint; samples: SampleArrays } {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    point: { step, epoch, loss, means: Object.fromEntries(LOSS_PARTS.map((k) => [k, mean(per[k])])), lrEncoder: lrs.encoder, lrHead: lrs.head },
    samples: {
      ids: Int32Array.from(batch),
      ce: Float32Array.from(per.ce),
      kl: Float32Array.from(per.kl),
      w: Float32Array.from(per.w),
      ps: Float32Array.from(per.ps),
      pt: Float32Array.from(per.pt),
    },
  };
}
