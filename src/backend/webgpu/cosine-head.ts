// The cosine head of PROREG.md on WebGPU, one program each way (train/finetune-model.ts's cosineLogits):
//   ProRegCosineHead      {f [B,E], w [C,E], s []} -> [z [B,C], aux [B+C+1]]
//                         z = exp(s) * (f_b . w_c) / (|f_b| |w_c|); aux = [|f_b|..., |w_c|..., exp(s)] for the
//                         backward (one buffer: WebGPU guarantees 8 storage buffers per shader stage).
//   ProRegCosineHeadGrad  {dz [B,C], f, w, z, aux} -> [df [B,E], dw [C,E], ds]
//                         with cos = z / exp(s): df_b = (exp(s) sum_c dz_bc w_c / |w_c| - f_b / |f_b| r_b) / |f_b|,
//                         r_b = sum_c dz_bc z_bc (and dw the same by columns), ds = sum dz * z.
//                         Workgroups 0..B-1 write df's rows, B..B+C-1 dw's, the last one ds.
// tfjs composes the forward from two L2 normalisations (square, sum, sqrt, div each), a transpose, a product,
// an exp and a scale, and about twice as many programs backward.
// Letters: B batch, C classes, E embedding.
import * as tf from '@tensorflow/tfjs-core';
import { dispatch, workgroupSum, FLAT_GROUP, grid, newOutputs, type GpuKernel, type GpuTensorInfo, type WebGpuBackend } from './dispatch';

export const COSINE_HEAD = 'ProRegCosineHead';
export const COSINE_HEAD_GRAD = 'ProRegCosineHeadGrad';

const WG = 64;

const REDUCE = workgroupSum(WG);

// A workgroup per sample row b: |f_b| by a reduction, then a thread per class c (dot and |w_c| in one pass).
const forwardKernel: GpuKernel = {
  key: 'proreg_cosine_head',
  code: () => `
struct U { B : u32, C : u32, E : u32, pad : u32 };
@group(0) @binding(0) var<storage, read> f : array<f32>;
@group(0) @binding(1) var<storage, read> w : array<f32>;
@group(0) @binding(2) var<storage, read> s : array<f32>;
@group(0) @binding(3) var<storage, read_write> z : array<f32>;
@group(0) @binding(4) var<storage, read_write> aux : array<f32>;
@group(0) @binding(5) var<uniform> u : U;
${REDUCE}
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid : u32, @builtin(workgroup_id) wid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>) {
  let b = ${FLAT_GROUP};
  if (b >= u.B) { return; }
  let fo = b * u.E;
  var ss = 0.0;
  for (var e = lid; e < u.E; e = e + ${WG}u) { ss = fma(f[fo + e], f[fo + e], ss); }
  let nrm = sqrt(wgSum(ss, lid));
  let scale = exp(s[0]);
  for (var c = lid; c < u.C; c = c + ${WG}u) {
    let wo = c * u.E;
    var dot = 0.0;
    var ww = 0.0;
    for (var e = 0u; e < u.E; e = e + 1u) {
      let x = w[wo + e];
      dot = fma(f[fo + e], x, dot);
      ww = fma(x, x, ww);
    }
    let wn = sqrt(ww);
    z[b * u.C + c] = scale * (dot / (nrm * wn));
    if (b == 0u) { aux[u.B + c] = wn; }
  }
  if (lid == 0u) { aux[b] = nrm; }
  if (b == 0u && lid == 0u) { aux[u.B + u.C] = scale; }
}`,
};

const backwardKernel: GpuKernel = {
  key: 'proreg_cosine_head_grad',
  code: () => `
struct U { B : u32, C : u32, E : u32, pad : u32 };
@group(0) @binding(0) var<storage, read> dz : array<f32>;
@group(0) @binding(1) var<storage, read> f : array<f32>;
@group(0) @binding(2) var<storage, read> w : array<f32>;
@group(0) @binding(3) var<storage, read> z : array<f32>;
@group(0) @binding(4) var<storage, read> aux : array<f32>;
@group(0) @binding(5) var<storage, read_write> df : array<f32>;
@group(0) @binding(6) var<storage, read_write> dw : array<f32>;
@group(0) @binding(7) var<storage, read_write> ds : array<f32>;
@group(0) @binding(8) var<uniform> u : U;
${REDUCE}
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid : u32, @builtin(workgroup_id) wid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>) {
  let g = ${FLAT_GROUP};
  let scale = aux[u.B + u.C];
  if (g < u.B) {
    // df_b: r_b = sum_c dz_bc z_bc (= exp(s) * f_b/|f_b| . the normalised gradient)
    let b = g;
    var r = 0.0;
    for (var c = lid; c < u.C; c = c + ${WG}u) { r = fma(dz[b * u.C + c], z[b * u.C + c], r); }
    r = wgSum(r, lid);
    let n = aux[b];
    for (var e = lid; e < u.E; e = e + ${WG}u) {
      var acc = 0.0;
      for (var c = 0u; c < u.C; c = c + 1u) { acc = fma(dz[b * u.C + c] / aux[u.B + c], w[c * u.E + e], acc); }
      df[b * u.E + e] = (scale * acc - f[b * u.E + e] / n * r) / n;
    }
  } else if (g < u.B + u.C) {
    let c = g - u.B;
    var r = 0.0;
    for (var b = lid; b < u.B; b = b + ${WG}u) { r = fma(dz[b * u.C + c], z[b * u.C + c], r); }
    r = wgSum(r, lid);
    let n = aux[u.B + c];
    for (var e = lid; e < u.E; e = e + ${WG}u) {
      var acc = 0.0;
      for (var b = 0u; b < u.B; b = b + 1u) { acc = fma(dz[b * u.C + c] / aux[b], f[b * u.E + e], acc); }
      dw[c * u.E + e] = (scale * acc - w[c * u.E + e] / n * r) / n;
    }
  } else if (g == u.B + u.C) {
    var r = 0.0;
    for (var i = lid; i < u.B * u.C; i = i + ${WG}u) { r = fma(dz[i], z[i], r); }
    r = wgSum(r, lid);
    if (lid == 0u) { ds[0] = r; }
  }
}`,
};

function dims(f: GpuTensorInfo, w: GpuTensorInfo): { B: number; C: number; E: number } {
  const [B, E] = f.shape;
  const [C, E2] = w.shape;
  if (f.shape.length !== 2 || w.shape.length !== 2 || E !== E2) throw new Error(`cosine head: features [B,E] and weights [C,E] expected, got [${f.shape}] and [${w.shape}]`);
  return { B, C, E };
}

export function cosineHeadForward(backend: WebGpuBackend, { f, w, s }: Record<'f' | 'w' | 's', GpuTensorInfo>): GpuTensorInfo[] {
  const { B, C, E } = dims(f, w);
  const outs = newOutputs(backend, [[B, C], [B + C + 1]]);
  dispatch(backend, { kernel: forwardKernel, buffers: [f, w, s, ...outs], uniforms: new Uint32Array([B, C, E, 0]), workgroups: grid(B) });
  return outs;
}

export function cosineHeadBackward(backend: WebGpuBackend, inputs: Record<'dz' | 'f' | 'w' | 'z' | 'aux', GpuTensorInfo>, scaleShape: number[]): GpuTensorInfo[] {
  const { dz, f, w, z, aux } = inputs;
  const { B, C, E } = dims(f, w);
  const outs = newOutputs(backend, [[B, E], [C, E], scaleShape]);
  dispatch(backend, { kernel: backwardKernel, buffers: [dz, f, w, z, aux, ...outs], uniforms: new Uint32Array([B, C, E, 0]), workgroups: grid(B + C + 1) });
  return outs;
}

let registered = false;

export function registerWebGpuCosineHead(): void {
  if (registered) return;
  type Args = { inputs: Record<string, GpuTensorInfo>; backend: WebGpuBackend; attrs: { scaleShape: number[] } };
  tf.registerKernel({ kernelName: COSINE_HEAD, backendName: 'webgpu', kernelFunc: (({ inputs, backend }: Args) => cosineHeadForward(backend, inputs as Record<'f' | 'w' | 's', GpuTensorInfo>)) as unknown as tf.KernelFunc });
  tf.registerKernel({ kernelName: COSINE_HEAD_GRAD, backendName: 'webgpu', kernelFunc: (({ inputs, backend, attrs }: Args) => cosineHeadBackward(backend, inputs as Parameters<typeof cosineHeadBackward>[1], attrs.scaleShape)) as unknown as tf.KernelFunc });
  registered = true;
}
