// A run's state on the host: trained parameters, optimiser moments and the position in the schedule.
// Enough to resume on any backend (a lost GPU device, a reloaded tab) and to export the model.
import * as tf from '@tensorflow/tfjs-core';

export interface TrainerCheckpoint {
  step: number;
  epoch: number;
  /** Batches of `epoch` already done when the checkpoint was taken. */
  batchInEpoch: number;
  vars: Record<string, Float32Array>;
  adam: { step: number; m: Record<string, Float32Array>; v: Record<string, Float32Array> };
  /** Validation accuracy at this point, when measured. */
  valAccuracy: number | null;
}

export async function readVars(vars: Record<string, tf.Tensor>): Promise<Record<string, Float32Array>> {
  const out: Record<string, Float32Array> = {};
  for (const [k, t] of Object.entries(vars)) out[k] = (await t.data()) as Float32Array;
  return out;
}

export function assignVars(vars: Record<string, tf.Variable>, host: Record<string, Float32Array>): void {
  tf.tidy(() => {
    for (const [k, v] of Object.entries(vars)) {
      const data = host[k];
      if (!data) throw new Error(`checkpoint lacks parameter ${k}: it was made with another model or scope`);
      if (data.length !== v.size) throw new Error(`checkpoint parameter ${k} has ${data.length} values, the model expects ${v.size}`);
      v.assign(tf.tensor(data, v.shape));
    }
  });
}
