// One tiled WGSL matrix product for every linear layer of the studio's models, forward and backward:
// C[M,N] = A[M,K] B[K,N] with either operand read transposed in place, f32 accumulation, and what the
// layer needs around it fused in:
//   - forward:  + bias[n], then quick_gelu or gelu (the pre-activation kept as a second output for the
//     backward pass), then + residual[m,n];
//   - backward: the activation's derivative applied to an operand as it is loaded (dy * act'(h)), and the
//     bias gradient (column sums of that operand) accumulated by the workgroups of the first tile row.
//     A linear layer's two gradient products (dx = dh w^T, dw = x^T dh) run as one program: the first
//     workgroups compute dx's tiles, the rest dw's (linearGradKernel).
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

/** Storage buffer names a product reads and writes (optional ones only where the spec uses them). */
interface Names {
  A: string;
  HA?: string;
  B: string;
  HB?: string;
  bias?: string;
  res?: string;
  C: string;
  pre?: string;
  dbias?: string;
}

/** WGSL expressions of a product's M, N, K. */
interface Dims {
  M: string;
  N: string;
  K: string;
}

const gated = (g: GemmActivation | undefined) => Boolean(g && g !== 'none');

/** The workgroup's staging tiles and the activation functions, once per module. */
function preamble(act: GemmActivation): string {
  return `
${activationWgsl(act)}
var<workgroup> As : array<array<f32, ${TILE}>, ${BK}>;
var<workgroup> Bs : array<array<f32, ${TILE}>, ${BK}>;`;
}

/** A WGSL function computing the 64 x 64 output tile (tx, ty) of the product `s` over buffers `n`. */
function productFn(fnName: string, s: GemmSpec, n: Names, d: Dims): string {
  const act = s.activation ?? 'none';
  const aIndex = s.transA ? `k * ${d.M} + m` : `m * ${d.K} + k`;
  const bIndex = s.transB ? `n * ${d.K} + k` : `k * ${d.N} + n`;
  const aLoad = gated(s.gateA) ? `${n.A}[${aIndex}] * dact(${n.HA}[${aIndex}])` : `${n.A}[${aIndex}]`;
  const bLoad = gated(s.gateB) ? `${n.B}[${bIndex}] * dact(${n.HB}[${bIndex}])` : `${n.B}[${bIndex}]`;
  return `
fn ${fnName}(lid : vec3<u32>, tx : u32, ty : u32) {
  let M = ${d.M};
  let N = ${d.N};
  let K = ${d.K};
  let row0 = ty * ${TILE}u;
  let col0 = tx * ${TILE}u;
  let t = lid.y * 16u + lid.x;
  var acc : array<array<f32, 4>, 4>;
  ${s.biasGrad ? 'var colSum : array<f32, 4>;' : ''}
  for (var k0 = 0u; k0 < K; k0 = k0 + ${BK}u) {
    // 1024 elements of each tile, 4 per thread
    for (var i = 0u; i < 4u; i = i + 1u) {
      let e = t + i * 256u;
      let kk = e / ${TILE}u;
      let mm = e % ${TILE}u;
      let m = row0 + mm;
      let n = col0 + mm;
      let k = k0 + kk;
      var a = 0.0;
      if (m < M && k < K) { a = ${aLoad}; }
      As[kk][mm] = a;
      var b = 0.0;
      if (n < N && k < K) { b = ${bLoad}; }
      Bs[kk][mm] = b;
    }
    workgroupBarrier();
    ${s.biasGrad ? `if (ty == 0u && lid.y == 0u) {
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
    if (m >= M) { continue; }
    for (var j = 0u; j < 4u; j = j + 1u) {
      let n = col0 + lid.x * 4u + j;
      if (n >= N) { continue; }
      var v = acc[i][j];
      ${s.bias ? `v = v + ${n.bias}[n];` : ''}
      ${act !== 'none' ? `${n.pre}[m * N + n] = v; v = act(v);` : ''}
      ${s.residual ? `v = v + ${n.res}[m * N + n];` : ''}
      ${n.C}[m * N + n] = v;
    }
  }
  ${s.biasGrad ? `if (ty == 0u && lid.y == 0u) {
    for (var j = 0u; j < 4u; j = j + 1u) {
      let n = col0 + lid.x * 4u + j;
      if (n < N) { ${n.dbias}[n] = colSum[j]; }
    }
  }` : ''}
}`;
}

/** Storage bindings in order, as WGSL declarations. */
function declare(bindings: [string, 'read' | 'read_write'][]): string {
  return bindings.map(([name, access], i) => `@group(0) @binding(${i}) var<storage, ${access}> ${name} : array<f32>;`).join('\n');
}

function gemmCode(s: GemmSpec): string {
  const act = s.activation ?? 'none';
  const gate = gated(s.gateA) ? s.gateA! : gated(s.gateB) ? s.gateB! : 'none';
  const n: Names = { A: 'A', B: 'B', C: 'C' };
  const bindings: [string, 'read' | 'read_write'][] = [['A', 'read']];
  if (gated(s.gateA)) bindings.push([(n.HA = 'HA'), 'read']);
  bindings.push(['B', 'read']);
  if (gated(s.gateB)) bindings.push([(n.HB = 'HB'), 'read']);
  if (s.bias) bindings.push([(n.bias = 'bias'), 'read']);
  if (s.residual) bindings.push([(n.res = 'res'), 'read']);
  bindings.push(['C', 'read_write']);
  if (act !== 'none') bindings.push([(n.pre = 'pre'), 'read_write']);
  if (s.biasGrad) bindings.push([(n.dbias = 'dbias'), 'read_write']);
  return `
struct U { M : u32, N : u32, K : u32, pad : u32 };
${declare(bindings)}
@group(0) @binding(${bindings.length}) var<uniform> u : U;
${preamble(act !== 'none' ? act : gate)}
${productFn('product', s, n, { M: 'u.M', N: 'u.N', K: 'u.K' })}
@compute @workgroup_size(16, 16, 1)
fn main(@builtin(local_invocation_id) lid : vec3<u32>, @builtin(workgroup_id) wid : vec3<u32>) {
  product(lid, wid.x, wid.y);
}`;
}

/**
 * A linear layer's gradient products as one program, for dy [M,N], x [M,K], w [K,N] (uniforms {M, N, K, tiles
 * of dx across, tiles of dx, tiles of dw across}): dx [M,K] = dh w^T and dw [K,N] = x^T dh with dh = dy *
 * act'(pre), db = dh's column sums. Bindings: dy, [pre], w, x, dx, dw, [db], uniforms; workgroups: dx's
 * tiles, then dw's, flat (grid()).
 */
export function linearGradKernel(act: GemmActivation, bias: boolean): GpuKernel {
  const g = act !== 'none';
  return {
    key: `proreg_linear_grad_${act}_b${bias ? 1 : 0}`,
    code: () => {
      const bindings: [string, 'read' | 'read_write'][] = [['dy', 'read'], ...(g ? [['pre', 'read'] as [string, 'read']] : []), ['w', 'read'], ['x', 'read'], ['dx', 'read_write'], ['dw', 'read_write'], ...(bias ? [['db', 'read_write'] as [string, 'read_write']] : [])];
      const dx = productFn('productDx', { transA: false, transB: true, gateA: act }, { A: 'dy', HA: g ? 'pre' : undefined, B: 'w', C: 'dx' }, { M: 'u.M', N: 'u.K', K: 'u.N' });
      const dw = productFn('productDw', { transA: true, transB: false, gateB: act, biasGrad: bias }, { A: 'x', B: 'dy', HB: g ? 'pre' : undefined, C: 'dw', dbias: bias ? 'db' : undefined }, { M: 'u.K', N: 'u.N', K: 'u.M' });
      return `
struct U { M : u32, N : u32, K : u32, dxAcross : u32, dxTiles : u32, dwAcross : u32, pad0 : u32, pad1 : u32 };
${declare(bindings)}
@group(0) @binding(${bindings.length}) var<uniform> u : U;
${preamble(act)}
${dx}
${dw}
@compute @workgroup_size(16, 16, 1)
fn main(@builtin(local_invocation_id) lid : vec3<u32>, @builtin(workgroup_id) wid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>) {
  let g = wid.x + wid.y * nwg.x;
  if (g < u.dxTiles) {
    productDx(lid, g % u.dxAcross, g / u.dxAcross);
  } else {
    let h = g - u.dxTiles;
    if (h / u.dwAcross < (u.K + ${TILE - 1}u) / ${TILE}u) { productDw(lid, h % u.dwAcross, h / u.dwAcross); }
  }
}`;
    },
  };
}
