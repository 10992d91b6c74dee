// WASM's BatchMatMul and _FusedMatMul through the generated GEMM (gemm/): fused multiply-add where the browser has relaxed
// SIMD, operands read in place (transposed ones included, so gradients need no explicit transposes), no
// packed copies of weights kept, and batched products (attention) on every thread. tfjs's kernel runs
// XNNPACK with plain SIMD for 2-D products and a scalar loop on one thread for batched ones. Other dtypes
// and exotic broadcasts go to tfjs's kernel, as does everything until a pool is attached to the backend.
import * as tf from '@tensorflow/tfjs-core';
import { GemmPool, type HelperWorker } from './gemm/gemm-pool';
import { planBatchMatMul } from './gemm/batch-matmul';
import type { Info } from './host-kernel';
import { activeWasmHeap } from './wasm-heap';
import { overrideWasmKernel, type WasmKernelArgs } from './wasm-override';

const pools = new WeakMap<object, GemmPool>();

type MatMulArgs = WasmKernelArgs<{ a: Info; b: Info; bias?: Info; preluActivationWeights?: Info }, { transposeA: boolean; transposeB: boolean; activation?: string }>;

/** The GEMM for `args` where it applies (float32, no activation, a bias of [N] if any), else null. */
function runGemm(args: MatMulArgs): Info | null {
  const { a, b, bias, preluActivationWeights } = args.inputs;
  const pool = pools.get(args.backend);
  if (!pool || a.dtype !== 'float32' || b.dtype !== 'float32' || preluActivationWeights) return null;
  if ((args.attrs.activation ?? 'linear') !== 'linear') return null;
  const plan = planBatchMatMul(a.shape, b.shape, args.attrs.transposeA, args.attrs.transposeB);
  const n = plan?.outShape[plan.outShape.length - 1];
  if (!plan || (bias && (bias.dtype !== 'float32' || bias.shape.length !== 1 || bias.shape[0] !== n))) return null;
  const out = args.backend.makeOutput(plan.outShape, 'float32');
  const offset = (t: Info) => args.backend.getMemoryOffset(t.dataId);
  const call = plan.call(offset(a), offset(b), offset(out), bias ? offset(bias) : 0);
  if (call.k === 0) {
    const view = args.backend.typedArrayFromHeap(out);
    const bv = bias ? args.backend.typedArrayFromHeap(bias) : null;
    for (let i = 0; i < view.length; i++) view[i] = bv ? bv[i % bv.length] : 0;
  } else pool.run(call);
  return out;
}

/**
 * Registers BatchMatMul and _FusedMatMul (tf.fused.matMul: the linear layers' product + bias in one pass)
 * for WASM; both defer to tfjs's until `attachWasmGemm`. Call after importing the WASM backend.
 */
export function fastWasmMatMul(): void {
  const flags = {
    /** Read by model/ops.ts: operands are read in place, so transposed forms are free and weights unpacked. */
    get inPlaceOperands(): boolean {
      return tf.getBackend() === 'wasm' && pools.has(tf.backend());
    },
  };
  for (const name of ['BatchMatMul', '_FusedMatMul']) overrideWasmKernel<MatMulArgs['inputs'], MatMulArgs['attrs']>(name, (original) => (args) => runGemm(args) ?? original(args), flags);
}

/** The pool attached to a WASM backend (the object kernels receive), for kernels built on the GEMM. */
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
