// WASM's BatchMatMul through the generated GEMM (gemm/): fused multiply-add where the browser has relaxed
// SIMD, operands read in place (transposed ones included, so gradients need no explicit transposes), no
// packed copies of weights kept, and batched products (attention) on every thread. tfjs's kernel runs
// XNNPACK with plain SIMD for 2-D products and a scalar loop on one thread for batched ones. Other dtypes
// and exotic broadcasts go to tfjs's kernel, as does everything until a pool is attached to the backend.
import * as tf from '@tensorflow/tfjs-core';
import { GemmPool, type HelperWorker } from './gemm/gemm-pool';
import { planBatchMatMul } from './gemm/batch-matmul';
import { activeWasmHeap } from './wasm-heap';

interface Info {
  dataId: object;
  shape: number[];
  dtype: tf.DataType;
}

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): Info;
  getMemoryOffset(dataId: object): number;
  typedArrayFromHeap(t: Info): Float32Array;
}

const pools = new WeakMap<object, GemmPool>();
let installed = false;

/** Registers the kernel (it defers to tfjs's until `attachWasmGemm`). Call after importing the WASM backend. */
export function fastWasmMatMul(): void {
  if (installed) return;
  const original = tf.getKernel('BatchMatMul', 'wasm');
  if (!original) throw new Error('the WASM backend is not registered: import @tensorflow/tfjs-backend-wasm first');
  tf.unregisterKernel('BatchMatMul', 'wasm');
  const config = {
    kernelName: 'BatchMatMul',
    backendName: 'wasm',
    setupFunc: original.setupFunc,
    /** Read by model/ops.ts: operands are read in place, so transposed forms are free and weights unpacked. */
    get inPlaceOperands(): boolean {
      return tf.getBackend() === 'wasm' && pools.has(tf.backend());
    },
    kernelFunc: ((args: { inputs: { a: Info; b: Info }; backend: WasmBackendLike; attrs: { transposeA: boolean; transposeB: boolean } }) => {
      const { a, b } = args.inputs;
      const pool = pools.get(args.backend);
      const plan = pool && a.dtype === 'float32' && b.dtype === 'float32' ? planBatchMatMul(a.shape, b.shape, args.attrs.transposeA, args.attrs.transposeB) : null;
      if (!pool || !plan) return original.kernelFunc(args as never);
      const out = args.backend.makeOutput(plan.outShape, 'float32');
      const call = plan.call(args.backend.getMemoryOffset(a.dataId), args.backend.getMemoryOffset(b.dataId), args.backend.getMemoryOffset(out.dataId));
      if (call.k === 0) args.backend.typedArrayFromHeap(out).fill(0);
      else pool.run(call);
      return out;
    }) as unknown as tf.KernelFunc,
  };
  tf.registerKernel(config);
  installed = true;
}

/** What the attached GEMM is, for the backend report. */
export function describeWasmGemm(): string | null {
  const pool = tf.getBackend() === 'wasm' ? pools.get(tf.backend()) : undefined;
  if (!pool) return null;
  return `${pool.fma ? 'relaxed-SIMD FMA' : 'SIMD'} GEMM on ${pool.threads} thread${pool.threads > 1 ? 's' : ''}`;
}

/**
 * Attaches the GEMM to the active WASM backend's heap: `threads` in all when the heap is shared memory
 * (the threaded binary) and `spawn` makes helper workers, else one. Returns false where it cannot attach.
 */
export async function attachWasmGemm(threads: number, spawn?: () => HelperWorker): Promise<boolean> {
  const heap = activeWasmHeap();
  if (!heap) return false;
  if (pools.has(heap.owner)) return true;
  try {
    pools.set(heap.owner, await GemmPool.create({ memory: heap.memory, threads, spawn, malloc: heap.malloc }));
    return true;
  } catch {
    return false;
  }
}
