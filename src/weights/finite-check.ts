// Refuses weights with NaN or infinite values, naming the tensor: such a checkpoint gives NaN embeddings
// (or a non-finite loss at step 0, which looks like a learning-rate problem) instead of a clear error.
import { WeightsError } from './errors';

/** Throws when a tensor just read from `fileName` holds NaN or ±Infinity. */
export function checkFiniteTensor(fileName: string, tensor: string, v: Float32Array): void {
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x - x !== 0) {
      throw new WeightsError('invalid-tensor', `${fileName}: tensor ${tensor} holds ${Number.isNaN(x) ? 'NaN' : 'an infinite value'} (element ${i} of ${v.length}); the checkpoint is damaged or was saved after training diverged`, { fileName, tensor });
    }
  }
}
