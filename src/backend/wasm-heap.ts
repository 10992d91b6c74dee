// The running WASM backend's heap, for the module generated here (the GEMM pool's) that works on tensors in
// place: its WebAssembly.Memory (shared in the threaded binary) and its allocator.
import * as tf from '@tensorflow/tfjs-core';

interface WasmModuleLike {
  wasmMemory?: WebAssembly.Memory;
  asm?: { memory?: WebAssembly.Memory };
  _malloc(bytes: number): number;
}

export interface WasmHeap {
  /** The backend object: one heap per backend instance. */
  owner: object;
  memory: WebAssembly.Memory;
  shared: boolean;
  malloc(bytes: number): number;
}

/** The active backend's heap, or null when the active backend is not WASM (or hides its memory). */
export function activeWasmHeap(): WasmHeap | null {
  if (tf.getBackend() !== 'wasm') return null;
  const backend = tf.backend() as unknown as { wasm: WasmModuleLike };
  // The threaded binary keeps its (shared) memory on the module; the others export it from the instance.
  const memory = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
  if (!memory) return null;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  return { owner: backend, memory, shared, malloc: (n) => backend.wasm._malloc(n) >>> 0 };
}
