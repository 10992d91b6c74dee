// The studio's kernels for tfjs's WASM backend, for the Node and browser setups alike: registered once when
// the backend modules load, and their generated modules attached to a backend's heap when it starts.
import { fastQuickGelu } from './activation/quick-gelu';
import { fastAttention } from './attention/attention';
import type { HelperWorker } from './gemm/gemm-pool';
import { fastLayerNorm } from './norm/layernorm';
import { shareWasmBuffers } from './wasm-shared-buffers';
import { attachWasmGemm, fastWasmMatMul } from './wasm-matmul';
import { fastWasmSlice } from './wasm-slice';
import { fastWasmTranspose } from './wasm-transpose';

/** Registers every override and fused kernel. Call after importing @tensorflow/tfjs-backend-wasm. */
export function installWasmKernels(): void {
  shareWasmBuffers();
  fastWasmTranspose();
  fastWasmSlice();
  fastWasmMatMul();
  fastQuickGelu();
  fastLayerNorm();
  fastAttention();
}

/**
 * Attaches the generated pool module (GEMM, attention, quick_gelu, LayerNorm and AdamW passes) to the
 * active WASM backend's heap on `threads` (helpers from `spawn`, where the heap is shared memory).
 */
export async function attachWasmKernels(threads: number, spawn?: () => HelperWorker): Promise<void> {
  await attachWasmGemm(threads, spawn);
}
