// One tiled WGSL matrix product for every linear layer of the studio's models, forward and backward:
// C[M,N] = A[M,K] B[K,N] with either operand read transposed in place, f32 accumulation, and what the
// layer needs around it fused in:
//   - forward:  + bias[n], then quick_gelu or gelu (the pre-activation kept as a second output for the
//     backward pass), then + residual[m,n];
//   - backward: the activation's derivative applied to an operand as it is loaded (dy * act'(h)), and the
//     bias gradient (column sums of that operand) accumulated by the workgroups of the first tile row.
// Tile 64 x 64 x 16 on 16 x 16 threads, 4 x 4 outputs per thread, operands staged in workgroup memory; every
// edge (partial tiles in M, N and K) is guarded, so any shape works.
import type { GpuKernel } from './dispatch';

export type GemmActivation = 'none' | 'quick_gelu' | 'gelu';

export interface GemmSpec {
  transA: boolean;
  transB: boolean;
  /** Forward epilogue. */
  bias?: boolean;
  activation?: GemmActivation;
  residual?: boolean;
  /** Backward: operand A (or B) is dy * act'(h), read from two buffers. */
  gateA?: GemmActivation;
  gateB?: GemmActivation;
  /** Backward: also write the column sums of B (N values). */
  biasGrad?: boolean;
}

export const TILE = 64;
const BK = 16;

/** WGSL functions act(x) and act'(x) for an activation. */
export function activationWgsl(a: GemmActivation): string {
  if (a === 'quick_gelu') {
    return `
fn act(x : f32) -> f32 { return x / (1.0 + exp(-1.702 * x)); }
fn dact(x : f32) -> f32 { let s = 1.0 / (1.0 + exp(-1.702 * x)); return s + 1.702 * x * s * (1.0 - s); }`;
  }
  if (a === 'gelu') {
    // erf by Abramowitz-Stegun 7.1.26 (|error| < 1.5e-7), WGSL has no erf
    return `
fn erf_(x : f32) -> f32 {
  let s = sign(x); let z = abs(x);
  let t = 1.0 / (1.0 + 0.3275911 * z);
  let y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * exp(-z * z);
  return s * y;
}
fn act(x : f32) -> f32 { return 0.5 * x * (1.0 + erf_(x * 0.70710678118654752)); }
fn dact(x : f32) -> f32 { return 0.5 * (1.0 + erf_(x * 0.70710678118654752)) + x * 0.39894228040143268 * exp(-0.5 * x * x); }`;
  }
  return '';
}

export function gemmKey(s: GemmSpec): string {
  return `proreg_gemm_${s.transA ? 't' : 'n'}${s.transB ? 't' : 'n'}_b${s.bias ? 1 : 0}_${s.activation ?? 'none'}_r${s.residual ? 1 : 0}_ga${s.gateA ?? 'none'}_gb${s.gateB ?? 'none'}_bg${s.biasGrad ? 1 : 0}`;
}

/**
 * The bindings, in order: A, [A's gate h], B, [B's gate h], [bias], [residual], C, [pre-activation], [bias
 * gradient], uniforms {M, N, K}.
 */
export function gemmKernel(s: GemmSpec): GpuKernel {
  return { key: gemmKey(s), code: () => gemmCode(s) };
}

function gemmCode(s: GemmSpec): string {
  const act = s.activation ?? 'none';
  const gate = s.gateA && s.gateA !== 'none' ? s.gateA : s.gateB && s.gateB !== 'none' ? s.gateB : 'none';
  const bindings: string[] = [];
  const bind = (name: string, access: 'read' | 'read_write') => bindings.push(`@group(0) @binding(${bindings.length}) var<storage, ${access}> ${name} : array<f32>;`);
  bind('A', 'read');
  if (s.gateA && s.gateA !== 'none') bind('HA', 'read');
  bind('B', 'read');
  if (s.gateB && s.gateB !== 'none') bind('HB', 'read');
  if (s.bias) bind('bias', 'read');
  if (s.residual) bind('res', 'read');
  bind('C', 'read_write');
  if (act !== 'none') bind('pre', 'read_write');
  if (s.biasGrad) bind('dbias', 'read_write');
  const aIndex = s.transA ? 'k * u.M + m' : 'm * u.K + k';
  const bIndex = s.transB ? 'n * u.K + k' : 'k * u.N + n';
  const aLoad = s.gateA && s.gateA !== 'none' ? `A[${aIndex}] * dact(HA[${aIndex}])` : `A[${aIndex}]`;
  const bLoad = s.gateB && s.gateB !== 'none' ? `B[${bIndex}] * dact(HB[${bIndex}])` : `B[${bIndex}]`;
  return `
struct U { M : u32, N : u32, K : u32, pad : u32 };
${bindings.join('\n')}
@group(0) @binding(${bindings.length}) var<uniform> u : U;
${activationWgsl(act !== 'none' ? act : gate)}
var<workgroup> As : array<array<f32, ${TILE}>, ${BK}>;
var<workgroup> Bs : array<array<f32, ${TILE}>, ${BK}>;

@compute @workgroup_size(16, 16, 1)
fn main(@builtin(local_invocation_id) lid : vec3<u32>, @builtin(workgroup_id) wid : vec3<u32>) {
  let row0 = wid.y * ${TILE}u;
  let col0 = wid.x * ${TILE}u;
  let t = lid.y * 16u + lid.x;
  var acc : array<array<f32, 4>, 4>;
  ${s.biasGrad ? 'var colSum : array<f32, 4>;' : ''}
  for (var k0 = 0u; k0 < u.K; k0 = k0 + ${BK}u) {
    // 1024 elements of each tile, 4 per thread
    for (var i = 0u; i < 4u; i = i + 1u) {
      let e = t + i * 256u;
      let kk = e / ${TILE}u;
      let mm = e % ${TILE}u;
      let m = row0 + mm;
      let n = col0 + mm;
      let k = k0 + kk;
      var a = 0.0;
      if (m < u.M && k < u.K) { a = ${aLoad}; }
      As[kk][mm] = a;
      var b = 0.0;
      if (n < u.N && k < u.K) { b = ${bLoad}; }
      Bs[kk][mm] = b;
    }
    workgroupBarrier();
    ${s.biasGrad ? `if (wid.y == 0u && lid.y == 0u) {
      for (var kk = 0u; kk < ${BK}u; kk = kk + 1u) {
        for (var j = 0u; j < 4u; j = j + 1u) { colSum[j] = colSum[j] + Bs[kk][lid.x * 4u + j]; }
      }
    }` : ''}
    for (var kk = 0u; kk < ${BK}u; kk = kk + 1u) {
      var av : array<f32, 4>;
      var bv : array<f32, 4>;
      for (var i = 0u; i < 4u; i = i + 1u) { av[i] = As[kk][lid.y * 4u + i]; bv[i] = Bs[kk][lid.x * 4u + i]; }
      for (var i = 0u; i < 4u; i = i + 1u) {
        for (var j = 0u; j < 4u; j = j + 1u) { acc[i][j] = fma(av[i], bv[j], acc[i][j]); }
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < 4u; i = i + 1u) {
    let m = row0 + lid.y * 4u + i;
    if (m >= u.M) { continue; }
    for (var j = 0u; j < 4u; j = j + 1u) {
      let n = col0 + lid.x * 4u + j;
      if (n >= u.N) { continue; }
      var v = acc[i][j];
      ${s.bias ? 'v = v + bias[n];' : ''}
      ${act !== 'none' ? 'pre[m * u.N + n] = v; v = act(v);' : ''}
      ${s.residual ? 'v = v + res[m * u.N + n];' : ''}
      C[m * u.N + n] = v;
    }
  }
  ${s.biasGrad ? `if (wid.y == 0u && lid.y == 0u) {
    for (var j = 0u; j < 4u; j = j + 1u) {
      let n = col0 + lid.x * 4u + j;
      if (n < u.N) { dbias[n] = colSum[j]; }
    }
  }` : ''}
}`;
}
