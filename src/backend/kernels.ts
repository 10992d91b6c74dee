// The studio's kernels for tfjs's WASM (and cpu) backend, one line each: every kernel folder exports what
// it registers and the generated passes it adds to the pool's module (wasm/host-kernel.ts's WasmKernel).
// The Node and browser setups (backend-node.ts, select.ts) install them once when the backend modules load
// and attach the pool to a WASM backend's heap when it starts.
import * as tf from '@tensorflow/tfjs-core';
import { version_cpu } from '@tensorflow/tfjs-backend-cpu';
import { version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { accumulateKernel } from './accumulate/accumulate';
import { quickGeluKernel } from './activation/quick-gelu';
import { attentionKernel } from './attention/attention';
import { matMulKernel } from './gemm/matmul';
import { layerNormKernel } from './norm/layernorm';
import { adamwKernel } from './optim/adamw';
import { attachPool } from './pool/attach';
import type { HelperWorker } from './pool/pool';
import { sharedBuffersKernel } from './shared-buffers/shared-buffers';
import { sliceKernel } from './slice/slice';
import { assertPinnedTfjs } from './tfjs-adapter';
import { transposeKernel } from './transpose/transpose';
import type { WasmKernel } from './wasm/host-kernel';

export const WASM_KERNELS: readonly WasmKernel[] = [
  sharedBuffersKernel,
  transposeKernel,
  sliceKernel,
  matMulKernel,
  quickGeluKernel,
  layerNormKernel,
  attentionKernel,
  adamwKernel,
  accumulateKernel,
];

let installed = false;

/** Registers every kernel (once). Call after importing @tensorflow/tfjs-backend-wasm. */
export function installWasmKernels(): void {
  if (installed) return;
  assertPinnedTfjs({ '@tensorflow/tfjs-core': tf.version_core, '@tensorflow/tfjs-backend-cpu': version_cpu, '@tensorflow/tfjs-backend-wasm': version_wasm });
  for (const kernel of WASM_KERNELS) kernel.register();
  installed = true;
}

/**
 * Attaches the pool's module (the GEMM and every kernel's passes) to the active WASM backend's heap on
 * `threads` (helpers from `spawn`, where the heap is shared memory).
 */
export async function attachWasmKernels(threads: number, spawn?: () => HelperWorker): Promise<void> {
  await attachPool(threads, WASM_KERNELS.flatMap((k) => k.passes ?? []), spawn);
}
