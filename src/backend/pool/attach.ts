// The pool attached to each WASM backend instance (one heap each): kernels built on the pool look it up by
// the backend object they receive; until it is attached (and on cpu) they run their JavaScript fallbacks.
import * as tf from '@tensorflow/tfjs-core';
import { activeWasmHeap } from '../tfjs-adapter';
import type { GeneratedPass } from '../wasm/pass';
import { GemmPool, type HelperWorker } from './pool';

const pools = new WeakMap<object, GemmPool>();

/** The pool attached to a WASM backend (the object kernels receive). */
export function gemmPoolOf(backend: object): GemmPool | undefined {
  return pools.get(backend);
}

/** The pool attached to the active backend, if it is WASM: its GEMM and SIMD passes then run the kernels. */
export function activeGemmPool(): GemmPool | undefined {
  return tf.getBackend() === 'wasm' ? pools.get(tf.backend()) : undefined;
}

/** What the attached GEMM is, for the backend report. */
export function describeWasmGemm(): string | null {
  const pool = activeGemmPool();
  if (!pool) return null;
  return `${pool.fma ? 'relaxed-SIMD FMA' : 'SIMD'} GEMM on ${pool.threads} thread${pool.threads > 1 ? 's' : ''}`;
}

/**
 * Attaches the pool (the GEMM and `passes`) to the active WASM backend's heap: `threads` in all when the
 * heap is shared memory (the threaded binary) and `spawn` makes helper workers, else one. Returns false
 * where it cannot attach.
 */
export async function attachPool(threads: number, passes: readonly GeneratedPass[], spawn?: () => HelperWorker): Promise<boolean> {
  const heap = activeWasmHeap();
  if (!heap) return false;
  if (pools.has(heap.owner)) return true;
  try {
    pools.set(heap.owner, await GemmPool.create({ memory: heap.memory, threads, spawn, malloc: heap.malloc, passes }));
    return true;
  } catch {
    return false;
  }
}
