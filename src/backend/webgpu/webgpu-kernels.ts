// The studio's kernels for tfjs's WebGPU backend, registered once when the backend modules load (the
// browser's backend choice, the GPU bench). Each registers under a name the model code asks for with
// hasKernel, so the engine is unchanged where a backend lacks them.
import { registerWebGpuAdamW } from '../optim/adamw-webgpu';
import { registerWebGpuAdamWAll } from './adamw-all';
import { registerWebGpuAttention } from './attention';
import { registerWebGpuCosineHead } from './cosine-head';
import { registerWebGpuLayerNorm } from './layernorm';
import { registerWebGpuLinear } from './linear';
import { registerWebGpuProRegLoss } from './proreg-loss';

export function installWebGpuKernels(): void {
  registerWebGpuAdamW();
  registerWebGpuLinear();
  registerWebGpuLayerNorm();
  registerWebGpuAttention();
  registerWebGpuAdamWAll();
  registerWebGpuCosineHead();
  registerWebGpuProRegLoss();
}
