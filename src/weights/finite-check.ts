// Refuses weights with NaN or infinite values, naming the tensor: such a checkpoint gives NaN embeddings
// (or a non-finite loss at step 0, which looks like a learning-rate problem) instead of a clear error.
import { WeightsError } from './errors';
import type { SafetensorsFile } from './safetensors';

/** Throws for the first floating-point tensor holding NaN or ±Infinity (one pass over the weights). */
export function checkFiniteWeights(file: SafetensorsFile): void {
  for (const t of file.tensors) {
    if (t.ignored) continue; // integer tensors (position ids) cannot hold NaN
    const v = file.getFloat32(t.name);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x - x !== 0) {
        throw new WeightsError('invalid-tensor', `${file.fileName}: tensor ${t.name} holds ${Number.isNaN(x) ? 'NaN' : 'an infinite value'} (element ${i} of ${v.length}); the checkpoint is damaged or was saved after training diverged`, { fileName: file.fileName, tensor: t.name });
      }
    }
  }
}
