import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
import { describe, expect, it } from 'vitest';
import './backend-node'; // installs the WASM kernels, as the CLI does
import { ACCUMULATE_IN_PLACE } from './accumulate/accumulate';
import { QUICK_GELU, QUICK_GELU_GRAD } from './activation/quick-gelu';
import { ATTENTION, ATTENTION_GRAD } from './attention/attention';
import { LINEAR, LINEAR_GRAD } from './gemm/matmul';
import { WASM_KERNELS } from './kernels';
import { LAYER_NORM, LAYER_NORM_GRAD, LAYER_NORM_GRAD_FULL, LAYER_NORM_SKIP } from './norm/layernorm';
import { FUSED_ADAMW } from './optim/adamw-scalars';
import { ROW_ARGS } from './pool/pool-control';
import { poolModuleBytes } from './pool/pool';
import { ADAMW_ALL } from './webgpu/adamw-all';
import { COSINE_HEAD, COSINE_HEAD_GRAD } from './webgpu/cosine-head';
import { PROREG_LOSS } from './webgpu/proreg-loss';
import { installWebGpuKernels } from './webgpu/webgpu-kernels';

describe('the kernel registry', () => {
  it('registers every name model/ and train/ use, on the backends that have the kernel', () => {
    installWebGpuKernels();
    const has = (name: string, backend: string) => tf.getKernel(name, backend) !== undefined;
    for (const name of [QUICK_GELU, QUICK_GELU_GRAD, LAYER_NORM, LAYER_NORM_GRAD, ATTENTION, ATTENTION_GRAD, FUSED_ADAMW, ACCUMULATE_IN_PLACE]) {
      expect(has(name, 'wasm') && has(name, 'cpu'), name).toBe(true);
    }
    for (const name of [LINEAR, LINEAR_GRAD, LAYER_NORM, LAYER_NORM_GRAD_FULL, LAYER_NORM_SKIP, ATTENTION, ATTENTION_GRAD, FUSED_ADAMW, ADAMW_ALL, COSINE_HEAD, COSINE_HEAD_GRAD, PROREG_LOSS]) expect(has(name, 'webgpu'), name).toBe(true);
  });

  it("gives the pool's module passes with distinct names that the control block can carry", () => {
    const passes = WASM_KERNELS.flatMap((k) => k.passes ?? []);
    expect(new Set(passes.map((p) => p.name)).size).toBe(passes.length);
    for (const p of passes) expect(p.kinds.length, p.name).toBeLessThanOrEqual(ROW_ARGS);
    const exports = WebAssembly.Module.exports(new WebAssembly.Module(poolModuleBytes(false, { minPages: 1, shared: false }, passes))).map((e) => e.name);
    expect(exports).toEqual(['gemm', ...passes.map((p) => p.name)]);
  });
});
