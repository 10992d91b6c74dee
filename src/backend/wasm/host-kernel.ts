// What a kernel of the studio's is to the registry (kernels.ts), and the registration of kernels written
// in JavaScript for the CPU-side backends, WASM (tensors live in its heap) and cpu (plain arrays), for
// both at once. The views and outputs they use come from tfjs-adapter.ts.
import * as tf from '@tensorflow/tfjs-core';
import type { HostBackend, Info } from '../tfjs-adapter';
import type { GeneratedPass } from './pass';

/** One kernel folder's contribution: its tfjs registrations and the passes it adds to the pool's module. */
export interface WasmKernel {
  /** Registers its kernels (new ones, or overrides of WASM's). Runs once, after the WASM backend is imported. */
  register(): void;
  /** Generated passes for the pool's module (run on every thread once the pool is attached). */
  passes?: readonly GeneratedPass[];
}

export type HostKernelFunc<A> = (args: { inputs: Record<string, Info>; backend: HostBackend; attrs: A }) => Info | Info[];

/** Registers `kernelFunc` under `name` for WASM and cpu. */
export function registerHostKernel<A>(name: string, kernelFunc: HostKernelFunc<A>): void {
  for (const backendName of ['wasm', 'cpu']) tf.registerKernel({ kernelName: name, backendName, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
}

/** Whether the active backend has kernel `name`. */
export function hasKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}
