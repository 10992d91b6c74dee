// A linear layer on WebGPU as one program each way (the studio's GEMMs: gemm-vec4.ts forward where K and N
// are multiples of 4, as in every ViT-B layer, else gemm-wgsl.ts):
//   ProRegLinear      {x [M,K], w [K,N], b? [N], res? [M,N]} {activation} -> [y] or [y, pre-activation]
//                     y = act(x w + b) + res
//   ProRegLinearGrad  {dy [M,N], x, w, pre?} {activation, bias} -> [dx, dw] or [dx, dw, db]
//                     with dh = dy * act'(pre): dx = dh w^T, dw = x^T dh and db = column sums of dh, all
//                     in one program (the first workgroups dx's tiles, the rest dw's).
// tfjs composes the same from a matMul, a bias add, three (quick_gelu) or more activation kernels, an add,
// and in the backward pass transposes, two products, an activation gradient of eight kernels and a sum.
// model/ops.ts routes `linear` here where the backend registers these kernels.
import * as tf from '@tensorflow/tfjs-core';
import { dispatch, grid, newOutputs, type GpuTensorInfo, type WebGpuBackend } from './dispatch';
import { gemmKernel, linearGradKernel, TILE, type GemmActivation, type GemmSpec } from './gemm-wgsl';
import { gemmVec4Kernel, VEC4_TILE, vec4Fits } from './gemm-vec4';

export interface LinearAttrs {
  activation: GemmActivation;
}

export interface LinearGradAttrs extends LinearAttrs {
  bias: boolean;
}

const tiles = (n: number) => Math.ceil(n / TILE);

function gemm(backend: WebGpuBackend, spec: GemmSpec, buffers: GpuTensorInfo[], M: number, N: number, K: number): void {
  dispatch(backend, { kernel: gemmKernel(spec), buffers, uniforms: new Uint32Array([M, N, K, 0]), workgroups: [tiles(N), tiles(M), 1] });
}

function dims2(t: GpuTensorInfo, what: string): [number, number] {
  if (t.shape.length !== 2) throw new Error(`linear: ${what} must be 2-D, got [${t.shape}]`);
  return [t.shape[0], t.shape[1]];
}

export function linearForward(backend: WebGpuBackend, inputs: { x: GpuTensorInfo; w: GpuTensorInfo; b?: GpuTensorInfo; res?: GpuTensorInfo }, { activation }: LinearAttrs): GpuTensorInfo[] {
  const { x, w, b, res } = inputs;
  const [M, K] = dims2(x, 'x');
  const [K2, N] = dims2(w, 'w');
  if (K !== K2) throw new Error(`linear: x [${x.shape}] and w [${w.shape}] do not chain`);
  const outs = newOutputs(backend, activation === 'none' ? [[M, N]] : [[M, N], [M, N]]);
  const buffers = [x, w, ...(b ? [b] : []), ...(res ? [res] : []), ...outs];
  if (vec4Fits(K, N)) {
    // every ViT-B layer: the kernel tuned for its shapes (gemm-vec4.ts)
    const t = (n: number) => Math.ceil(n / VEC4_TILE);
    dispatch(backend, { kernel: gemmVec4Kernel(Boolean(b), activation, Boolean(res)), buffers, uniforms: new Uint32Array([M, N, K, 0]), workgroups: [t(N), t(M), 1] });
    return outs;
  }
  const spec: GemmSpec = { transA: false, transB: false, bias: Boolean(b), activation, residual: Boolean(res) };
  gemm(backend, spec, buffers, M, N, K);
  return outs;
}

export function linearBackward(backend: WebGpuBackend, inputs: { dy: GpuTensorInfo; x: GpuTensorInfo; w: GpuTensorInfo; pre?: GpuTensorInfo }, { activation, bias }: LinearGradAttrs): GpuTensorInfo[] {
  const { dy, x, w, pre } = inputs;
  const [M, N] = dims2(dy, 'dy');
  const K = x.shape[1];
  const gated = activation !== 'none';
  if (gated && !pre) throw new Error('linear: the gradient of an activation needs its pre-activation');
  const [dx, dw, ...db] = newOutputs(backend, bias ? [[M, K], [K, N], [N]] : [[M, K], [K, N]]);
  // one program: dx [M,K] = dh [M,N] @ w^T (w [K,N] read transposed) in the first tiles(K) x tiles(M)
  // workgroups, dw [K,N] = x^T @ dh (x [M,K] read transposed) and db = dh's column sums in the rest
  const dxAcross = tiles(K);
  const dxTiles = dxAcross * tiles(M);
  const dwTiles = tiles(N) * tiles(K);
  const uniforms = new Uint32Array([M, N, K, dxAcross, dxTiles, tiles(N), 0, 0]);
  dispatch(backend, { kernel: linearGradKernel(activation, bias), buffers: [dy, ...(gated ? [pre!] : []), w, x, dx, dw, ...db], uniforms, workgroups: grid(dxTiles + dwTiles) });
  return [dx, dw, ...db];
}

let registered = false;

export function registerWebGpuLinear(): void {
  if (registered) return;
  tf.registerKernel({
    kernelName: 'ProRegLinear',
    backendName: 'webgpu',
    kernelFunc: (({ inputs, backend, attrs }: { inputs: Record<string, GpuTensorInfo>; backend: WebGpuBackend; attrs: LinearAttrs }) => linearForward(backend, inputs as Parameters<typeof linearForward>[1], attrs)) as unknown as tf.KernelFunc,
  });
  tf.registerKernel({
    kernelName: 'ProRegLinearGrad',
    backendName: 'webgpu',
    kernelFunc: (({ inputs, backend, attrs }: { inputs: Record<string, GpuTensorInfo>; backend: WebGpuBackend; attrs: LinearGradAttrs }) => linearBackward(backend, inputs as Parameters<typeof linearBackward>[1], attrs)) as unknown as tf.KernelFunc,
  });
  registered = true;
}
