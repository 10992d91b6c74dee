// The training objectives of train/losses.ts on WebGPU as one program (ProRegLoss): from the student's and
// the teacher's logits and the labels, every named per-sample part, the total, and the total's gradient
// with respect to the student's logits, kept for the backward pass (which is then dy * G: the trade-off
// weight carries no gradient, so G does not depend on dy).
//   ProRegLoss {z [B,C], t [B,C], labels [B] int32} {kind, variant, alpha, temperature, gamma}
//     -> [loss [], ce, kd, kl, w, ps, pt (each [B]), G [B,C]]
// Per row: ce = lse(z) - z_y, cet = lse(t) - t_y, p_t^T = softmax(t / T), kd = -T^2 sum p_t^T log softmax(z / T),
// kl = kd - T^2 H(p_t^T), ps = exp(-ce), pt = exp(-cet), w by the variant; the row's share of the total is
// a ce + k kd (ProReg: a = 1 - w, k = alpha w; KD: 1 - alpha, alpha; CE: 1, 0) and
// G_bc = (a (softmax(z)_c - [c = y]) + k T (softmax(z / T)_c - p_t^T_c)) / B.
// A thread per row; one workgroup, whose first thread sums the rows' shares in order; two programs (WebGPU's
// 8 storage buffers per stage). tfjs composes ~60 programs forward and ~40 backward for the same.
// Letters: B batch, C classes.
import * as tf from '@tensorflow/tfjs-core';
import { dispatch, f32bits, newOutputs, type GpuKernel, type GpuTensorInfo, type WebGpuBackend } from './dispatch';

export const PROREG_LOSS = 'ProRegLoss';

/** The loss's settings (train/losses.ts's LossConfig). */
export interface ProRegLossAttrs {
  kind: 'proreg' | 'kd' | 'ce';
  variant: 'official' | 'prob_ratio' | 'ce_ratio';
  alpha: number;
  temperature: number;
  gamma: number;
}

const KINDS = ['proreg', 'kd', 'ce'] as const;
const VARIANTS = ['official', 'prob_ratio', 'ce_ratio'] as const;

const WG = 64;

/** The outputs each program writes: WebGPU guarantees 8 storage buffers per shader stage, and the three
 * inputs and eight outputs are more, so two programs compute the same rows and write half each. */
const PASSES = [
  ['loss', 'ce', 'kd', 'kl', 'wt'],
  ['ps', 'pt', 'G'],
] as const;

const kernels: GpuKernel[] = PASSES.map((outs, pass) => ({
  key: `proreg_loss_${pass}`,
  code: () => `
struct U { B : u32, C : u32, kind : u32, variant : u32, alpha : f32, T : f32, gamma : f32, nanBits : u32 };
@group(0) @binding(0) var<storage, read> z : array<f32>;
@group(0) @binding(1) var<storage, read> t : array<f32>;
@group(0) @binding(2) var<storage, read> labels : array<i32>;
${outs.map((o, i) => `@group(0) @binding(${3 + i}) var<storage, read_write> ${o} : array<f32>;`).join('\n')}
@group(0) @binding(${3 + outs.length}) var<uniform> u : U;
var<workgroup> share : array<f32, ${WG}>;

// x^g as tf.pow computes it (a negative base only for an integer exponent)
fn powf(x : f32, g : f32) -> f32 {
  if (x > 0.0) { return pow(x, g); }
  if (g == 0.0) { return 1.0; }
  if (x == 0.0) { return 0.0; }
  if (g != round(g)) { return bitcast<f32>(u.nanBits); } // a NaN, as tf.pow gives
  let r = pow(-x, g);
  return select(r, -r, (i32(g) & 1) != 0);
}

// log sum_c exp(a x_c) over row o of x (a > 0)
fn lseZ(o : u32, a : f32) -> f32 {
  var m = -3.0e38;
  for (var c = 0u; c < u.C; c = c + 1u) { m = max(m, z[o + c]); }
  var s = 0.0;
  for (var c = 0u; c < u.C; c = c + 1u) { s = s + exp(a * (z[o + c] - m)); }
  return a * m + log(s);
}
fn lseT(o : u32, a : f32) -> f32 {
  var m = -3.0e38;
  for (var c = 0u; c < u.C; c = c + 1u) { m = max(m, t[o + c]); }
  var s = 0.0;
  for (var c = 0u; c < u.C; c = c + 1u) { s = s + exp(a * (t[o + c] - m)); }
  return a * m + log(s);
}

@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid : u32) {
  let T = u.T;
  let iT = 1.0 / T;
  var mine = 0.0;
  for (var b = lid; b < u.B; b = b + ${WG}u) {
    let o = b * u.C;
    let y = u32(labels[b]);
    let lz = lseZ(o, 1.0);
    let lzT = lseZ(o, iT);
    let lt = lseT(o, 1.0);
    let ltT = lseT(o, iT);
    let ceb = lz - z[o + y];
    let cet = lt - t[o + y];
    var cross = 0.0;
    var ent = 0.0;
    for (var c = 0u; c < u.C; c = c + 1u) {
      let q = exp(t[o + c] * iT - ltT);
      cross = cross + q * (z[o + c] * iT - lzT);
      ent = ent + q * (t[o + c] * iT - ltT);
    }
    let kdb = -cross * T * T;
    let psb = exp(-ceb);
    let ptb = exp(-cet);
    var w = 0.0;
    var a = 1.0;
    var k = 0.0;
    if (u.kind == 0u) {
      if (u.variant == 0u) {
        let p10 = powf(ptb, 10.0);
        w = p10 / (psb + p10 + 1e-5);
      } else if (u.variant == 1u) {
        w = ptb / (psb + ptb + 1e-5);
      } else {
        let g1 = powf(ceb, u.gamma);
        w = g1 / (g1 + powf(cet, u.gamma) + 1e-5);
      }
      a = 1.0 - w;
      k = u.alpha * w;
    } else if (u.kind == 1u) {
      w = u.alpha;
      a = 1.0 - u.alpha;
      k = u.alpha;
    }
${pass === 0 ? `
    ce[b] = ceb;
    kd[b] = kdb;
    kl[b] = kdb + ent * T * T;
    wt[b] = w;
    mine = mine + (a * ceb + k * kdb);
  }
  share[lid] = mine;
  workgroupBarrier();
  if (lid == 0u) {
    var total = 0.0;
    for (var i = 0u; i < ${WG}u; i = i + 1u) { total = total + share[i]; }
    loss[0] = total / f32(u.B);
  }` : `
    ps[b] = psb;
    pt[b] = ptb;
    let inv = 1.0 / f32(u.B);
    for (var c = 0u; c < u.C; c = c + 1u) {
      let p = exp(z[o + c] - lz);
      let q = exp(z[o + c] * iT - lzT);
      let pT = exp(t[o + c] * iT - ltT);
      G[o + c] = (a * (p - select(0.0, 1.0, c == y)) + k * T * (q - pT)) * inv;
    }
  }`}
}`,
}));

export function proregLoss(backend: WebGpuBackend, { z, t, labels }: Record<'z' | 't' | 'labels', GpuTensorInfo>, attrs: ProRegLossAttrs): GpuTensorInfo[] {
  const [B, C] = z.shape;
  if (z.shape.length !== 2 || t.shape.join() !== z.shape.join() || labels.shape.join() !== `${B}`) throw new Error(`loss: logits [B,C], teacher [B,C] and labels [B] expected, got [${z.shape}], [${t.shape}], [${labels.shape}]`);
  if (labels.dtype !== 'int32') throw new Error(`loss: labels must be int32, got ${labels.dtype}`);
  const kind = KINDS.indexOf(attrs.kind);
  const variant = VARIANTS.indexOf(attrs.variant);
  if (kind < 0 || variant < 0) throw new Error(`loss: unknown kind ${attrs.kind} or variant ${attrs.variant}`);
  const outs = newOutputs(backend, [[], [B], [B], [B], [B], [B], [B], [B, C]]);
  const uniforms = new Uint32Array([B, C, kind, variant, f32bits(attrs.alpha), f32bits(attrs.temperature), f32bits(attrs.gamma), 0x7fc00000]);
  dispatch(backend, { kernel: kernels[0], buffers: [z, t, labels, ...outs.slice(0, 5)], uniforms, workgroups: [1, 1, 1] });
  dispatch(backend, { kernel: kernels[1], buffers: [z, t, labels, ...outs.slice(5)], uniforms, workgroups: [1, 1, 1] });
  return outs;
}

let registered = false;

export function registerWebGpuProRegLoss(): void {
  if (registered) return;
  tf.registerKernel({
    kernelName: PROREG_LOSS,
    backendName: 'webgpu',
    kernelFunc: (({ inputs, backend, attrs }: { inputs: Record<string, GpuTensorInfo>; backend: WebGpuBackend; attrs: ProRegLossAttrs }) => proregLoss(backend, inputs as Record<'z' | 't' | 'labels', GpuTensorInfo>, attrs)) as unknown as tf.KernelFunc,
  });
  registered = true;
}
