// Replacing one of tfjs's WASM kernels while keeping it as the fallback: the override gets the original
// (whose setupFunc, which binds its WASM function when the backend starts, stays registered) and the shape
// of tfjs's WASM backend that the overrides use.
import * as tf from '@tensorflow/tfjs-core';
import type { Info } from './host-kernel';

/** What the overrides use of tfjs's WASM backend. */
export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): Info;
  typedArrayFromHeap(t: Info): Float32Array | Int32Array | Uint8Array;
  getMemoryOffset(dataId: object): number;
  incRef(dataId: object): void;
}

export interface WasmKernelArgs<I, A> {
  inputs: I;
  backend: WasmBackendLike;
  attrs: A;
}

/** tfjs's own kernel, for the cases an override leaves to it. */
export type OriginalKernel = (args: unknown) => Info | Info[];

const overridden = new Set<string>();

/**
 * Registers `make(original)` as WASM's kernel `name` (once; later calls do nothing). `extra`'s properties,
 * getters included, are kept on the registration for code that reads them (model/ops.ts's inPlaceOperands).
 */
export function overrideWasmKernel<I, A>(name: string, make: (original: OriginalKernel) => (args: WasmKernelArgs<I, A>) => Info | Info[], extra: object = {}): void {
  if (overridden.has(name)) return;
  const original = tf.getKernel(name, 'wasm');
  if (!original) throw new Error('the WASM backend is not registered: import @tensorflow/tfjs-backend-wasm first');
  tf.unregisterKernel(name, 'wasm');
  const config = { kernelName: name, backendName: 'wasm', setupFunc: original.setupFunc, kernelFunc: make(original.kernelFunc as unknown as OriginalKernel) as unknown as tf.KernelFunc };
  tf.registerKernel(Object.defineProperties(config, Object.getOwnPropertyDescriptors(extra)));
  overridden.add(name);
}
