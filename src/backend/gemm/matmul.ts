// WASM's BatchMatMul and _FusedMatMul through the generated GEMM (gemm-wasm.ts, run by the pool): fused
// multiply-add where the browser has relaxed SIMD, operands read in place (transposed ones included, so
// gradients need no explicit transposes), no packed copies of weights kept, and batched products
// (attention) on every thread. tfjs's kernel runs XNNPACK with plain SIMD for 2-D products and a scalar loop
// on one thread for batched ones. Other dtypes and exotic broadcasts go to tfjs's kernel, as does everything
// until a pool is attached to the backend.
import * as tf from '@tensorflow/tfjs-core';
import { planBatchMatMul } from './batch-matmul';
import { gemmPoolOf } from '../pool/attach';
import { heapOffset, heapOutput, heapView, overrideWasmKernel, type Info, type WasmKernelArgs } from '../tfjs-adapter';
import type { WasmKernel } from '../wasm/host-kernel';

/** act(x @ w + b) + residual as one kernel each way, on WebGPU (backend/webgpu/linear.ts):
 * {x [M,K], w [K,N], b? [N], res? [M,N]} {activation} -> [y] or [y, pre-activation]. */
export const LINEAR = 'ProRegLinear';
/** {dy [M,N], x, w, pre?} {activation, bias} -> [dx, dw] or [dx, dw, db]. */
export const LINEAR_GRAD = 'ProRegLinearGrad';

type MatMulArgs = WasmKernelArgs<{ a: Info; b: Info; bias?: Info; preluActivationWeights?: Info }, { transposeA: boolean; transposeB: boolean; activation?: string }>;

/** The GEMM for `args` where it applies (float32, no activation, a bias of [N] if any), else null. */
function runGemm(args: MatMulArgs): Info | null {
  const { a, b, bias, preluActivationWeights } = args.inputs;
  const pool = gemmPoolOf(args.backend);
  if (!pool || a.dtype !== 'float32' || b.dtype !== 'float32' || preluActivationWeights) return null;
  if ((args.attrs.activation ?? 'linear') !== 'linear') return null;
  const plan = planBatchMatMul(a.shape, b.shape, args.attrs.transposeA, args.attrs.transposeB);
  const n = plan?.outShape[plan.outShape.length - 1];
  if (!plan || (bias && (bias.dtype !== 'float32' || bias.shape.length !== 1 || bias.shape[0] !== n))) return null;
  const out = heapOutput(args.backend, plan.outShape, 'float32');
  const offset = (t: Info) => heapOffset(args.backend, t);
  const call = plan.call(offset(a), offset(b), offset(out), bias ? offset(bias) : 0);
  if (call.k === 0) {
    const view = heapView(args.backend, out);
    const bv = bias ? heapView(args.backend, bias) : null;
    for (let i = 0; i < view.length; i++) view[i] = bv ? bv[i % bv.length] : 0;
  } else pool.run(call);
  return out;
}

/**
 * Whether the active backend's matMul reads its operands where they are (WASM with the pool attached):
 * transposed forms then cost nothing and no packed copy of a weight is kept (model/ops.ts).
 */
export function matMulReadsInPlace(): boolean {
  return tf.getBackend() === 'wasm' && gemmPoolOf(tf.backend()) !== undefined;
}

/** BatchMatMul and _FusedMatMul (tf.fused.matMul: the linear layers' product + bias in one pass) for WASM;
 * both defer to tfjs's until the pool is attached. */
function register(): void {
  for (const name of ['BatchMatMul', '_FusedMatMul']) overrideWasmKernel<MatMulArgs['inputs'], MatMulArgs['attrs']>(name, (original) => (args) => runGemm(args) ?? original(args));
}

export const matMulKernel: WasmKernel = { register };
