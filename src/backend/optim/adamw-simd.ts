// The generated AdamW pass on a WASM backend's heap, on every thread of the GEMM pool. train/fused-adamw.ts
// runs it when the kernel's backend has the pool (views are heap offsets there) and its JavaScript loop
// otherwise (cpu, tails).
import { SCALAR_ORDER, type AdamWScalars } from './adamw-scalars';
import { gemmPoolOf } from '../wasm-matmul';

/** Runs the SIMD update over the first floor(n/4)*4 elements if `backend` has the pool; returns how many. */
export function adamwSimd(backend: object, views: Float32Array[], s: AdamWScalars): number {
  const pool = gemmPoolOf(backend);
  if (!pool) return 0;
  const groups = views[0].length >> 2;
  const pointers = views.map((t) => t.byteOffset);
  pool.runRows('adamw', [...pointers, 0, ...SCALAR_ORDER.map((k) => s[k])], [...pointers.map(() => 16), 0, ...SCALAR_ORDER.map(() => 0)], groups, 4);
  return groups << 2;
}
