// One AdamW update of a parameter as a single kernel (ProRegFusedAdamW) on the CPU-side backends (WASM,
// cpu): one pass over p, m, v and g instead of ~12 tfjs ops that each read and write the whole tensor. For
// ViT-B/32's 88 M parameters that is the difference between ~12 full passes over 350 MB (plus 12
// allocations) and one. The arithmetic is torch.optim.AdamW's (see train/optimizer.ts): on WASM with the
// pool attached a generated SIMD pass in float32 on every thread (adamw-wasm.ts), elsewhere and for the last
// few elements a JavaScript loop in float64, stored as float32. WebGPU has its own registration
// (adamw-webgpu.ts); WebGL keeps the op-by-op update (train/optimizer.ts checks whether the kernel exists).
import { adamwScalars, FUSED_ADAMW, SCALAR_ORDER, type FusedAdamWAttrs } from './adamw-scalars';
import { ADAMW_PASS } from './adamw-wasm';
import { gemmPoolOf } from '../pool/attach';
import { hostOutputs, hostView } from '../tfjs-adapter';
import { registerHostKernel, type WasmKernel } from '../wasm/host-kernel';
import { operand } from '../wasm/pass';

/** p1, m1, v1 from p, m, v, g (all the same length), from element `from` on. */
function update(p: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array, p1: Float32Array, m1: Float32Array, v1: Float32Array, a: FusedAdamWAttrs, from: number): void {
  const keep = 1 - a.lr * a.weightDecay;
  const { beta1, beta2, eps } = a;
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  const sqrtBc2 = Math.sqrt(a.bc2);
  const stepSize = a.lr / a.bc1;
  for (let i = from; i < p.length; i++) {
    const gi = g[i];
    const mi = beta1 * m[i] + c1 * gi;
    const vi = beta2 * v[i] + c2 * gi * gi;
    m1[i] = mi;
    v1[i] = vi;
    p1[i] = p[i] * keep - (mi / (Math.sqrt(vi) / sqrtBc2 + eps)) * stepSize;
  }
}

/** Runs the SIMD update over the first floor(n/4)*4 elements if `backend` has the pool; returns how many. */
function adamwSimd(backend: object, [p, m, v, g, p1, m1, v1]: Float32Array[], attrs: FusedAdamWAttrs): number {
  const pool = gemmPoolOf(backend);
  if (!pool) return 0;
  const groups = p.length >> 2;
  const s = adamwScalars(attrs);
  const scalars = Object.fromEntries(SCALAR_ORDER.map((k) => [k, s[k]])) as Record<(typeof SCALAR_ORDER)[number], number>;
  const at = (t: Float32Array) => operand(t, 16);
  pool.runRows(ADAMW_PASS, { p: at(p), m: at(m), v: at(v), g: at(g), p1: at(p1), m1: at(m1), v1: at(v1), ...scalars }, groups, 4);
  return groups << 2;
}

function register(): void {
  registerHostKernel<FusedAdamWAttrs>(FUSED_ADAMW, ({ inputs, backend, attrs }) => {
    const { p, m, v, g } = inputs;
    const { infos, views } = hostOutputs(backend, [p.shape, m.shape, v.shape]);
    const [p1, m1, v1] = views;
    const ins = [p, m, v, g].map((t) => hostView(backend, t));
    const done = adamwSimd(backend, [...ins, p1, m1, v1], attrs);
    update(ins[0], ins[1], ins[2], ins[3], p1, m1, v1, attrs, done);
    return infos;
  });
}

export const adamwKernel: WasmKernel = { register, passes: [ADAMW_PASS] };
