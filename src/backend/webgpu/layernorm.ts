// LayerNorm on WebGPU: the forward as one program (a workgroup per row: [y, xhat, rstd], as the WASM and
// cpu kernel of the same name), the backward as one too (ProRegLayerNormGradFull -> [dx, dg, db]: row workgroups
// for dx, column workgroups summing dy * xhat and dy for the parameters' gradients). tfjs composes ~9 kernels
// forward and ~10 backward. model/ops.ts uses them where the backend registers them.
import * as tf from '@tensorflow/tfjs-core';
import { dispatch, workgroupSum, f32bits, FLAT_GROUP, grid, newOutputs, type GpuKernel, type GpuTensorInfo, type WebGpuBackend } from './dispatch';

const WG = 128;

const REDUCE = workgroupSum(WG);

const forwardKernel: GpuKernel = {
  key: 'proreg_layernorm',
  code: () => `
struct U { rows : u32, d : u32, eps : f32, pad : u32 };
@group(0) @binding(0) var<storage, read> x : array<f32>;
@group(0) @binding(1) var<storage, read> g : array<f32>;
@group(0) @binding(2) var<storage, read> b : array<f32>;
@group(0) @binding(3) var<storage, read_write> y : array<f32>;
@group(0) @binding(4) var<storage, read_write> xhat : array<f32>;
@group(0) @binding(5) var<storage, read_write> rstd : array<f32>;
@group(0) @binding(6) var<uniform> u : U;
${REDUCE}
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid : u32, @builtin(workgroup_id) wid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>) {
  let row = ${FLAT_GROUP};
  if (row >= u.rows) { return; }
  let o = row * u.d;
  var s = 0.0;
  for (var i = lid; i < u.d; i = i + ${WG}u) { s = s + x[o + i]; }
  let mean = wgSum(s, lid) / f32(u.d);
  var v = 0.0;
  for (var i = lid; i < u.d; i = i + ${WG}u) { let c = x[o + i] - mean; v = v + c * c; }
  let r = 1.0 / sqrt(wgSum(v, lid) / f32(u.d) + u.eps);
  for (var i = lid; i < u.d; i = i + ${WG}u) {
    let h = (x[o + i] - mean) * r;
    xhat[o + i] = h;
    y[o + i] = h * g[i] + b[i];
  }
  if (lid == 0u) { rstd[row] = r; }
}`,
};

// One program backward: workgroups 0..rows-1 give dx's rows (dh = dy * g; dx = rstd (dh - mean(dh) - xhat
// mean(dh * xhat))), the next ceil(d / WG) give dg and db, a thread per column summing over the rows. With
// `res`, dx also adds the gradient that reached x along the residual path (ProRegLayerNormSkip): the add
// tfjs's autodiff would run as a program of its own where x feeds both the norm and a residual.
function gradKernel(res: boolean): GpuKernel {
  return {
    key: res ? 'proreg_layernorm_grad_res' : 'proreg_layernorm_grad',
    code: () => `
struct U { rows : u32, d : u32, pad0 : u32, pad1 : u32 };
@group(0) @binding(0) var<storage, read> dy : array<f32>;
@group(0) @binding(1) var<storage, read> xhat : array<f32>;
@group(0) @binding(2) var<storage, read> rstd : array<f32>;
@group(0) @binding(3) var<storage, read> g : array<f32>;
@group(0) @binding(4) var<storage, read_write> dx : array<f32>;
@group(0) @binding(5) var<storage, read_write> dg : array<f32>;
@group(0) @binding(6) var<storage, read_write> db : array<f32>;
${res ? '@group(0) @binding(7) var<storage, read> dres : array<f32>;' : ''}
@group(0) @binding(${res ? 8 : 7}) var<uniform> u : U;
${REDUCE}
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid : u32, @builtin(workgroup_id) wid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>) {
  let flat = ${FLAT_GROUP};
  if (flat < u.rows) {
    let row = flat;
    let o = row * u.d;
    var s1 = 0.0;
    var s2 = 0.0;
    for (var i = lid; i < u.d; i = i + ${WG}u) { let dh = dy[o + i] * g[i]; s1 = s1 + dh; s2 = s2 + dh * xhat[o + i]; }
    let m1 = wgSum(s1, lid) / f32(u.d);
    let m2 = wgSum(s2, lid) / f32(u.d);
    let r = rstd[row];
    for (var i = lid; i < u.d; i = i + ${WG}u) { dx[o + i] = r * (dy[o + i] * g[i] - m1 - xhat[o + i] * m2)${res ? ' + dres[o + i]' : ''}; }
    return;
  }
  let c = (flat - u.rows) * ${WG}u + lid;
  if (c >= u.d) { return; }
  var sg = 0.0;
  var sb = 0.0;
  for (var r = 0u; r < u.rows; r = r + 1u) { let e = dy[r * u.d + c]; sg = sg + e * xhat[r * u.d + c]; sb = sb + e; }
  dg[c] = sg;
  db[c] = sb;
}`,
  };
}

const GRAD = gradKernel(false);
const GRAD_RES = gradKernel(true);

function rowsOf(t: GpuTensorInfo): [number, number] {
  const d = t.shape[t.shape.length - 1];
  return [t.shape.reduce((a, b) => a * b, 1) / d, d];
}

export function layerNormForward(backend: WebGpuBackend, { x, g, b }: Record<'x' | 'g' | 'b', GpuTensorInfo>, eps: number): GpuTensorInfo[] {
  const [rows, d] = rowsOf(x);
  const outs = newOutputs(backend, [x.shape, x.shape, [...x.shape.slice(0, -1), 1]]);
  dispatch(backend, { kernel: forwardKernel, buffers: [x, g, b, ...outs], uniforms: new Uint32Array([rows, d, f32bits(eps), 0]), workgroups: grid(rows) });
  return outs;
}

/** [x's LayerNorm, xhat, rstd, x itself] (the last shares x's buffer: the residual path, whose gradient the
 * backward adds in). */
export function layerNormSkipForward(backend: WebGpuBackend, inputs: Record<'x' | 'g' | 'b', GpuTensorInfo>, eps: number): GpuTensorInfo[] {
  const outs = layerNormForward(backend, inputs, eps);
  backend.incRef(inputs.x.dataId);
  return [...outs, { dataId: inputs.x.dataId, shape: inputs.x.shape, dtype: inputs.x.dtype }];
}

export function layerNormBackward(backend: WebGpuBackend, { dy, xhat, rstd, g, dres }: Record<'dy' | 'xhat' | 'rstd' | 'g', GpuTensorInfo> & { dres?: GpuTensorInfo }): GpuTensorInfo[] {
  const [rows, d] = rowsOf(dy);
  const [dx, dg, db] = newOutputs(backend, [dy.shape, [d], [d]]);
  dispatch(backend, { kernel: dres ? GRAD_RES : GRAD, buffers: [dy, xhat, rstd, g, dx, dg, db, ...(dres ? [dres] : [])], uniforms: new Uint32Array([rows, d, 0, 0]), workgroups: grid(rows + Math.ceil(d / WG)) });
  return [dx, dg, db];
}

let registered = false;

export function registerWebGpuLayerNorm(): void {
  if (registered) return;
  type Args = { inputs: Record<string, GpuTensorInfo>; backend: WebGpuBackend; attrs: { eps: number } };
  tf.registerKernel({ kernelName: 'ProRegLayerNorm', backendName: 'webgpu', kernelFunc: (({ inputs, backend, attrs }: Args) => layerNormForward(backend, inputs as Record<'x' | 'g' | 'b', GpuTensorInfo>, attrs.eps)) as unknown as tf.KernelFunc });
  tf.registerKernel({ kernelName: 'ProRegLayerNormGradFull', backendName: 'webgpu', kernelFunc: (({ inputs, backend }: Args) => layerNormBackward(backend, inputs as Record<'dy' | 'xhat' | 'rstd' | 'g', GpuTensorInfo>)) as unknown as tf.KernelFunc });
  tf.registerKernel({ kernelName: 'ProRegLayerNormSkip', backendName: 'webgpu', kernelFunc: (({ inputs, backend, attrs }: Args) => layerNormSkipForward(backend, inputs as Record<'x' | 'g' | 'b', GpuTensorInfo>, attrs.eps)) as unknown as tf.KernelFunc });
  registered = true;
}
