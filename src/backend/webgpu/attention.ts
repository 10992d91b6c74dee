// Multi-head attention from the qkv projection on WebGPU, one program each way (the kernels WASM and cpu
// register under the same names): a workgroup per (sample, head) pair reads q, k and v from qkv [B, N, 3D]
// in place.
//   ProRegAttention      {qkv} {heads, queries} -> [out [B,Q,D], probs [B*H,Q,N]]: per query row, the
//                        scores' max and sum in one pass over the keys, then the probabilities and the
//                        weighted sum of v in a second.
//   ProRegAttentionGrad  {dy, qkv, probs} -> dqkv [B,N,3D]: a thread per query row gives dq and the row's
//                        sum of P * dP (kept in workgroup memory), then a thread per key gives dk and dv;
//                        the q rows past the queries get zeros.
// tfjs composes it from three slices, a scale, four head transposes, two batched products and a softmax
// (and about twice that backward). model/attention-core.ts uses the kernels where the backend has them.
import * as tf from '@tensorflow/tfjs-core';
import { attentionShape, type AttentionAttrs } from '../attention/attention-shape';
import { dispatch, f32bits, newOutputs, type GpuKernel, type GpuTensorInfo, type WebGpuBackend } from './dispatch';

interface Shape {
  B: number;
  N: number;
  Q: number;
  H: number;
  h: number;
}

const WG = 64;

function shapeOf(qkv: GpuTensorInfo, attrs: AttentionAttrs): Shape {
  const s = attentionShape(qkv.shape, attrs);
  return { B: s.batch, N: s.tokens, Q: s.queries, H: s.heads, h: s.headWidth };
}

/** WGSL shared by both directions: uniforms and the index of element c of part (0 q, 1 k, 2 v) of token t. */
const common = (h: number) => `
struct U { N : u32, Q : u32, H : u32, scale : f32 };
const HW : u32 = ${h}u;
fn at(u : U, pair : u32, part : u32, t : u32, c : u32) -> u32 {
  let b = pair / u.H;
  let hd = pair % u.H;
  let D = u.H * HW;
  return (b * u.N + t) * 3u * D + part * D + hd * HW + c;
}`;

function forwardKernel(h: number): GpuKernel {
  return {
    key: `proreg_attention_h${h}`,
    code: () => `
${common(h)}
@group(0) @binding(0) var<storage, read> qkv : array<f32>;
@group(0) @binding(1) var<storage, read_write> out : array<f32>;
@group(0) @binding(2) var<storage, read_write> probs : array<f32>;
@group(0) @binding(3) var<uniform> u : U;
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid : u32, @builtin(workgroup_id) wid : vec3<u32>) {
  let pair = wid.x;
  let b = pair / u.H;
  let hd = pair % u.H;
  let D = u.H * HW;
  for (var i = lid; i < u.Q; i = i + ${WG}u) {
    var q : array<f32, ${h}>;
    for (var c = 0u; c < HW; c = c + 1u) { q[c] = qkv[at(u, pair, 0u, i, c)] * u.scale; }
    var mx = -3.0e38;
    var sum = 0.0;
    for (var j = 0u; j < u.N; j = j + 1u) {
      var s = 0.0;
      for (var c = 0u; c < HW; c = c + 1u) { s = fma(q[c], qkv[at(u, pair, 1u, j, c)], s); }
      if (s > mx) { sum = sum * exp(mx - s) + 1.0; mx = s; } else { sum = sum + exp(s - mx); }
    }
    var acc : array<f32, ${h}>;
    let prow = (pair * u.Q + i) * u.N;
    for (var j = 0u; j < u.N; j = j + 1u) {
      var s = 0.0;
      for (var c = 0u; c < HW; c = c + 1u) { s = fma(q[c], qkv[at(u, pair, 1u, j, c)], s); }
      let p = exp(s - mx) / sum;
      probs[prow + j] = p;
      for (var c = 0u; c < HW; c = c + 1u) { acc[c] = fma(p, qkv[at(u, pair, 2u, j, c)], acc[c]); }
    }
    let o = (b * u.Q + i) * D + hd * HW;
    for (var c = 0u; c < HW; c = c + 1u) { out[o + c] = acc[c]; }
  }
}`,
  };
}

function backwardKernel(h: number, Q: number): GpuKernel {
  return {
    key: `proreg_attention_grad_h${h}_q${Q}`,
    code: () => `
${common(h)}
@group(0) @binding(0) var<storage, read> dy : array<f32>;
@group(0) @binding(1) var<storage, read> qkv : array<f32>;
@group(0) @binding(2) var<storage, read> probs : array<f32>;
@group(0) @binding(3) var<storage, read_write> dqkv : array<f32>;
@group(0) @binding(4) var<uniform> u : U;
var<workgroup> rowDot : array<f32, ${Q}>;
fn dyAt(u : U, pair : u32, i : u32, c : u32) -> u32 {
  let b = pair / u.H;
  let hd = pair % u.H;
  return (b * u.Q + i) * u.H * HW + hd * HW + c;
}
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid : u32, @builtin(workgroup_id) wid : vec3<u32>) {
  let pair = wid.x;
  // dq_i = scale * sum_j P_ij (dP_ij - rowDot_i) k_j, with dP_ij = dy_i . v_j
  for (var i = lid; i < u.Q; i = i + ${WG}u) {
    var d : array<f32, ${h}>;
    for (var c = 0u; c < HW; c = c + 1u) { d[c] = dy[dyAt(u, pair, i, c)]; }
    let prow = (pair * u.Q + i) * u.N;
    var rd = 0.0;
    for (var j = 0u; j < u.N; j = j + 1u) {
      var dp = 0.0;
      for (var c = 0u; c < HW; c = c + 1u) { dp = fma(d[c], qkv[at(u, pair, 2u, j, c)], dp); }
      rd = fma(probs[prow + j], dp, rd);
    }
    rowDot[i] = rd;
    var acc : array<f32, ${h}>;
    for (var j = 0u; j < u.N; j = j + 1u) {
      var dp = 0.0;
      for (var c = 0u; c < HW; c = c + 1u) { dp = fma(d[c], qkv[at(u, pair, 2u, j, c)], dp); }
      let ds = probs[prow + j] * (dp - rd) * u.scale;
      for (var c = 0u; c < HW; c = c + 1u) { acc[c] = fma(ds, qkv[at(u, pair, 1u, j, c)], acc[c]); }
    }
    for (var c = 0u; c < HW; c = c + 1u) { dqkv[at(u, pair, 0u, i, c)] = acc[c]; }
  }
  workgroupBarrier();
  // dv_j = sum_i P_ij dy_i, dk_j = scale * sum_i P_ij (dP_ij - rowDot_i) q_i
  for (var j = lid; j < u.N; j = j + ${WG}u) {
    var v : array<f32, ${h}>;
    for (var c = 0u; c < HW; c = c + 1u) { v[c] = qkv[at(u, pair, 2u, j, c)]; }
    var dv : array<f32, ${h}>;
    var dk : array<f32, ${h}>;
    for (var i = 0u; i < u.Q; i = i + 1u) {
      let p = probs[(pair * u.Q + i) * u.N + j];
      var dp = 0.0;
      for (var c = 0u; c < HW; c = c + 1u) { dp = fma(dy[dyAt(u, pair, i, c)], v[c], dp); }
      let ds = p * (dp - rowDot[i]) * u.scale;
      for (var c = 0u; c < HW; c = c + 1u) {
        dv[c] = fma(p, dy[dyAt(u, pair, i, c)], dv[c]);
        dk[c] = fma(ds, qkv[at(u, pair, 0u, i, c)], dk[c]);
      }
    }
    for (var c = 0u; c < HW; c = c + 1u) {
      dqkv[at(u, pair, 1u, j, c)] = dk[c];
      dqkv[at(u, pair, 2u, j, c)] = dv[c];
      if (j >= u.Q) { dqkv[at(u, pair, 0u, j, c)] = 0.0; }
    }
  }
}`,
  };
}

const uniforms = (s: Shape) => new Uint32Array([s.N, s.Q, s.H, f32bits(1 / Math.sqrt(s.h))]);

export function attentionForward(backend: WebGpuBackend, qkv: GpuTensorInfo, attrs: AttentionAttrs): GpuTensorInfo[] {
  const s = shapeOf(qkv, attrs);
  const outs = newOutputs(backend, [[s.B, s.Q, s.H * s.h], [s.B * s.H, s.Q, s.N]]);
  dispatch(backend, { kernel: forwardKernel(s.h), buffers: [qkv, ...outs], uniforms: uniforms(s), workgroups: [s.B * s.H, 1, 1] });
  return outs;
}

export function attentionBackward(backend: WebGpuBackend, { dy, qkv, probs }: Record<'dy' | 'qkv' | 'probs', GpuTensorInfo>, attrs: AttentionAttrs): GpuTensorInfo {
  const s = shapeOf(qkv, attrs);
  const [dqkv] = newOutputs(backend, [qkv.shape]);
  dispatch(backend, { kernel: backwardKernel(s.h, s.Q), buffers: [dy, qkv, probs, dqkv], uniforms: uniforms(s), workgroups: [s.B * s.H, 1, 1] });
  return dqkv;
}

let registered = false;

export function registerWebGpuAttention(): void {
  if (registered) return;
  type Args = { inputs: Record<string, GpuTensorInfo>; backend: WebGpuBackend; attrs: AttentionAttrs };
  tf.registerKernel({ kernelName: 'ProRegAttention', backendName: 'webgpu', kernelFunc: (({ inputs, backend, attrs }: Args) => attentionForward(backend, inputs.qkv, attrs)) as unknown as tf.KernelFunc });
  tf.registerKernel({ kernelName: 'ProRegAttentionGrad', backendName: 'webgpu', kernelFunc: (({ inputs, backend, attrs }: Args) => attentionBackward(backend, inputs as Record<'dy' | 'qkv' | 'probs', GpuTensorInfo>, attrs)) as unknown as tf.KernelFunc });
  registered = true;
}
