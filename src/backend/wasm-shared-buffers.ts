// WASM's Identity and Cast kernels copy their input into a new heap buffer, even for a float32 -> float32
// Cast. tfjs's engine calls Identity (tf.clone) on every tensor a gradient saves for the backward pass, so
// while training, each saved activation and each weight matrix a matMul saves was duplicated in the 4 GB
// heap, and copied every step. The CPU, WebGL and WebGPU backends share the buffer instead (reference
// count + 1), as WASM's own Reshape does: tensors are immutable (a Variable's assign swaps buffers), so
// sharing is safe. These overrides make WASM do the same; a Cast that changes the dtype still converts.
import * as tf from '@tensorflow/tfjs-core';

interface WasmBackendLike {
  incRef(dataId: object): void;
}

interface TensorInfoLike {
  dataId: object;
  shape: number[];
  dtype: tf.DataType;
}

function share(x: TensorInfoLike, backend: WasmBackendLike): TensorInfoLike {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

let installed = false;

/** Replaces WASM's Identity and same-dtype Cast with buffer sharing. Call after importing the WASM backend. */
export function shareWasmBuffers(): void {
  if (installed) return;
  const identity = tf.getKernel('Identity', 'wasm');
  const cast = tf.getKernel('Cast', 'wasm');
  if (!identity || !cast) throw new Error('the WASM backend is not registered: import @tensorflow/tfjs-backend-wasm first');
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    kernelName: 'Identity',
    backendName: 'wasm',
    kernelFunc: (({ inputs, backend }: { inputs: { x: TensorInfoLike }; backend: WasmBackendLike }) =>
      inputs.x.dtype === 'string' ? identity.kernelFunc({ inputs, backend, attrs: {} } as never) : share(inputs.x, backend)) as unknown as tf.KernelFunc,
  });
  tf.unregisterKernel('Cast', 'wasm');
  tf.registerKernel({
    kernelName: 'Cast',
    backendName: 'wasm',
    kernelFunc: ((args: { inputs: { x: TensorInfoLike }; backend: WasmBackendLike; attrs: { dtype: tf.DataType } }) =>
      args.inputs.x.dtype === args.attrs.dtype ? share(args.inputs.x, args.backend) : cast.kernelFunc(args as never)) as unknown as tf.KernelFunc,
  });
  installed = true;
}
