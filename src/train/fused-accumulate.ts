// Gradient accumulation in place on the CPU-side backends (WASM, cpu): acc += g without a new buffer.
// Adding into a fresh tensor per parameter and micro-batch left the WASM heap ~1 GB larger for full
// ViT-B/32 (allocator churn on 88 M floats per micro-batch). Only an accumulator whose buffer no other
// tensor shares is written in place; otherwise, and on GPU backends, it is a plain tf.add.
import * as tf from '@tensorflow/tfjs-core';
import { hasKernel, hostView, registerHostKernel, type HostBackend } from '../backend/host-kernel';

const KERNEL = 'ProRegAccumulateInPlace';

function addInto(acc: Float32Array, g: Float32Array): void {
  for (let i = 0; i < acc.length; i++) acc[i] += g[i];
}

// The result shares acc's buffer (one more reference), as Reshape does.
registerHostKernel(KERNEL, ({ inputs: { acc, g }, backend }) => {
  addInto(hostView(backend, acc), hostView(backend, g));
  backend.incRef(acc.dataId);
  return { dataId: acc.dataId, shape: acc.shape, dtype: acc.dtype };
});

/** acc + g, reusing acc's buffer where that is safe. Consumes both: do not use acc or g afterwards. */
export function accumulate(acc: tf.Tensor, g: tf.Tensor): tf.Tensor {
  const owned = hasKernel(KERNEL) && acc.dtype === 'float32' && g.dtype === 'float32' && acc.dataId !== g.dataId && (tf.backend() as unknown as HostBackend).refCount(acc.dataId) === 1;
  const sum = owned ? (tf.engine().runKernel(KERNEL, { acc, g }) as tf.Tensor) : tf.add(acc, g);
  tf.dispose([acc, g]);
  return sum;
}
