// WASM's Identity and Cast kernels copy their input into a new heap buffer, even for a float32 -> float32
// Cast. tfjs's engine calls Identity (tf.clone) on every tensor a gradient saves for the backward pass, so
// while training, each saved activation and each weight matrix a matMul saves was duplicated in the 4 GB
// heap, and copied every step. The CPU, WebGL and WebGPU backends share the buffer instead (reference
// count + 1), as WASM's own Reshape does: tensors are immutable (a Variable's assign swaps buffers), so
// sharing is safe. These overrides make WASM do the same; a Cast that changes the dtype still converts.
import type { Info } from './host-kernel';
import { overrideWasmKernel, type WasmBackendLike } from './wasm-override';

function share(x: Info, backend: WasmBackendLike): Info {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Replaces WASM's Identity and same-dtype Cast with buffer sharing. Call after importing the WASM backend. */
export function shareWasmBuffers(): void {
  overrideWasmKernel<{ x: Info }, unknown>('Identity', (original) => (args) => (args.inputs.x.dtype === 'string' ? original({ ...args, attrs: {} }) : share(args.inputs.x, args.backend)));
  overrideWasmKernel<{ x: Info }, { dtype: string }>('Cast', (original) => (args) => (args.inputs.x.dtype === args.attrs.dtype ? share(args.inputs.x, args.backend) : original(args)));
}
