// Gradient accumulation in place on the CPU-side backends (WASM, cpu): acc += g without a new buffer.
// Adding into a fresh tensor per parameter and micro-batch left the WASM heap ~1 GB larger for full
// ViT-B/32 (allocator churn on 88 M floats per micro-batch). Only an accumulator whose buffer no other
// tensor shares is written in place; otherwise, and on GPU backends, it is a plain tf.add.
import * as tf from '@tensorflow/tfjs-core';

const KERNEL = 'ProRegAccumulateInPlace';

interface Info {
  dataId: object;
  shape: number[];
  dtype: tf.DataType;
}

interface WasmBackendLike {
  typedArrayFromHeap(t: Info): Float32Array;
  incRef(dataId: object): void;
}

interface CpuBackendLike {
  data: { get(dataId: object): { values: Float32Array } };
  incRef(dataId: object): void;
}

function addInto(acc: Float32Array, g: Float32Array): void {
  for (let i = 0; i < acc.length; i++) acc[i] += g[i];
}

/** The result shares acc's buffer (one more reference), as Reshape does. */
function sameBuffer(acc: Info, backend: { incRef(dataId: object): void }): Info {
  backend.incRef(acc.dataId);
  return { dataId: acc.dataId, shape: acc.shape, dtype: acc.dtype };
}

tf.registerKernel({
  kernelName: KERNEL,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend }: { inputs: { acc: Info; g: Info }; backend: WasmBackendLike }) => {
    addInto(backend.typedArrayFromHeap(inputs.acc), backend.typedArrayFromHeap(inputs.g));
    return sameBuffer(inputs.acc, backend);
  }) as unknown as tf.KernelFunc,
});

tf.registerKernel({
  kernelName: KERNEL,
  backendName: 'cpu',
  kernelFunc: (({ inputs, backend }: { inputs: { acc: Info; g: Info }; backend: CpuBackendLike }) => {
    addInto(backend.data.get(inputs.acc.dataId).values, backend.data.get(inputs.g.dataId).values);
    return sameBuffer(inputs.acc, backend);
  }) as unknown as tf.KernelFunc,
});

/** acc + g, reusing acc's buffer where that is safe. Consumes both: do not use acc or g afterwards. */
export function accumulate(acc: tf.Tensor, g: tf.Tensor): tf.Tensor {
  const backend = tf.backend() as unknown as { refCount?(dataId: object): number };
  const owned = acc.dtype === 'float32' && g.dtype === 'float32' && acc.dataId !== g.dataId && backend.refCount?.(acc.dataId) === 1;
  const sum = owned && tf.getKernel(KERNEL, tf.getBackend()) ? (tf.engine().runKernel(KERNEL, { acc, g }) as tf.Tensor) : tf.add(acc, g);
  tf.dispose([acc, g]);
  return sum;
}
