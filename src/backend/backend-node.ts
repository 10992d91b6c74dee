// The tfjs backends available to Node (CLI, tests, benchmarks): 'wasm' (XNNPACK, the default) and 'cpu'.
// The browser's choice lives in backend/select.ts; this is the only Node module that imports backends.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import v8 from 'node:v8';
import { attachWasmKernels, installWasmKernels } from './kernels';
import { hasRelaxedSimd } from './pool/pool';

installWasmKernels();
// Node 20's V8 has relaxed SIMD (the GEMM's fused multiply-add) behind a flag; later versions ship it.
if (!hasRelaxedSimd()) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');

export type NodeBackend = 'wasm' | 'cpu';

export async function useNodeBackend(name: string = 'wasm'): Promise<NodeBackend> {
  if (name !== 'wasm' && name !== 'cpu') {
    throw new Error(`backend "${name}" is not available in Node (choose wasm or cpu; webgpu and webgl run in the browser)`);
  }
  tf.env().set('PROD', true); // no debug checks, no hint to install tfjs-node (it cannot install offline)
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`the ${name} backend failed to initialise`);
  await tf.ready();
  // Node's WASM heap is not shared memory, so the GEMM runs on this thread (as XNNPACK does here).
  if (name === 'wasm') await attachWasmKernels(1);
  return name;
}
