// The running WASM backend's heap, for modules generated here (GEMM, activations) that work on tensors in
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

/**
 * Instantiates a generated module (`bytes` for a shared or unshared memory) over the active WASM backend's
 * heap, once per backend, and keeps `wrap(exports)` in `modules` under the backend object (the one kernels
 * receive). False where there is no WASM heap or the engine refuses the module (no SIMD): the kernels then
 * run their JavaScript loops.
 */
export async function attachToHeap<T>(modules: WeakMap<object, T>, bytes: (shared: boolean) => Uint8Array<ArrayBuffer>, wrap: (e: WebAssembly.Exports) => T): Promise<boolean> {
  const heap = activeWasmHeap();
  if (!heap) return false;
  if (modules.has(heap.owner)) return true;
  try {
    const { instance } = await WebAssembly.instantiate(bytes(heap.shared), { env: { memory: heap.memory } });
    modules.set(heap.owner, wrap(instance.exports));
    return true;
  } catch {
    return false;
  }
}

/** Whether the active backend has a module in `modules` (for reports and tests). */
export function attachedToActiveHeap(modules: WeakMap<object, unknown>): boolean {
  const heap = activeWasmHeap();
  return Boolean(heap && modules.has(heap.owner));
}
