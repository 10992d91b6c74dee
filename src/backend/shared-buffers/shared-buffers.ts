// WASM's Identity and Cast kernels copy their input into a new heap buffer, even for a float32 -> float32
// Cast. tfjs's engine calls Identity (tf.clone) on every tensor a gradient saves for the backward pass, so
// while training, each saved activation and each weight matrix a matMul saves was duplicated in the 4 GB
// heap, and copied every step. The CPU, WebGL and WebGPU backends share the buffer instead (reference
// count + 1), as WASM's own Reshape does: tensors are immutable (a Variable's assign swaps buffers), so
// sharing is safe. These overrides make WASM do the same; a Cast that changes the dtype still converts.
import { overrideWasmKernel, shareBuffer, type Info } from '../tfjs-adapter';
import type { WasmKernel } from '../wasm/host-kernel';

/** Replaces WASM's Identity and same-dtype Cast with buffer sharing. */
function register(): void {
  overrideWasmKernel<{ x: Info }, unknown>('Identity', (original) => (args) => (args.inputs.x.dtype === 'string' ? original({ ...args, attrs: {} }) : shareBuffer(args.backend, args.inputs.x)));
  overrideWasmKernel<{ x: Info }, { dtype: string }>('Cast', (original) => (args) => (args.inputs.x.dtype === args.attrs.dtype ? shareBuffer(args.backend, args.inputs.x) : original(args)));
}

export const sharedBuffersKernel: WasmKernel = { register };
