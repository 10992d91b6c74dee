// quick_gelu (x * sigmoid(1.702 x), OpenAI CLIP's MLP activation) and its gradient as one SIMD pass each,
// generated like the GEMM. tfjs composes them from 3 and 8 kernels, each a full pass over the
// [tokens, 4*width] hidden layer: the largest activations of the model. exp uses 2^t = 2^round(t) * p(frac)
// with a degree-6 polynomial (relative error ~1.2e-7, about float32's own rounding).
import { Body, I32, V128, encodeModule, type MemoryImport } from '../wasm-encoder';

export const GELU_SCALE = 1.702;
const LOG2E = Math.LOG2E;
/** ln(2)^k / k!, k = 0..6: Taylor coefficients of 2^f on [-0.5, 0.5]. */
const EXP2_COEFFS = [1, 0.6931471805599453, 0.2402265069591007, 0.05550410866482158, 0.009618129107628477, 0.0013333558146428443, 0.00015403530393381606];

/** Replaces the f32x4 on the stack with 2^(it), clamped to normal floats. Uses locals t, n (v128). */
function exp2(f: Body, t: number, n: number): void {
  f.f32x4Const(126).f32x4Min().f32x4Const(-126).f32x4Max().set(t);
  f.get(t).f32x4Nearest().set(n);
  // p(frac) by Horner, frac = t - n
  f.get(t).get(n).f32x4Sub().set(t);
  f.f32x4Const(EXP2_COEFFS[6]);
  for (let k = 5; k >= 0; k--) f.get(t).f32x4Mul().f32x4Const(EXP2_COEFFS[k]).f32x4Add();
  // times 2^n: (n + 127) << 23 as float bits
  f.get(n).i32x4TruncSatF32x4S().i32x4Const(127).i32x4Add().i32(23).i32x4Shl();
  f.f32x4Mul();
}

// sigmoid(1.702 x) of the x on the stack, left on the stack. Uses locals t, n.
function sigmoid(f: Body, t: number, n: number): void {
  f.f32x4Const(-GELU_SCALE * LOG2E).f32x4Mul();
  exp2(f, t, n);
  f.f32x4Const(1).f32x4Add().set(t).f32x4Const(1).get(t).f32x4Div();
}

// gelu(x, y, groups): y = x * sigmoid(1.702 x) for `groups` of 4 floats.
function forward(): Body {
  const f = new Body([I32, I32, I32]);
  const [x, y, groups] = [0, 1, 2];
  const [v, t, n] = [f.local(V128), f.local(V128), f.local(V128)];
  f.get(groups).eqz().if_().return_().end();
  f.block().loop();
  f.get(y);
  f.get(x).v128Load(0).tee(v);
  sigmoid(f, t, n);
  f.get(v).f32x4Mul().v128Store(0);
  f.get(x).i32(16).add().set(x).get(y).i32(16).add().set(y);
  f.get(groups).i32(1).sub().tee(groups).brIf(0);
  f.end().end();
  return f;
}

// geluGrad(x, dy, dx, groups): dx = dy * (s + 1.702 x s (1 - s)), s = sigmoid(1.702 x).
function backward(): Body {
  const f = new Body([I32, I32, I32, I32]);
  const [x, dy, dx, groups] = [0, 1, 2, 3];
  const [v, s, t, n] = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  f.get(groups).eqz().if_().return_().end();
  f.block().loop();
  f.get(x).v128Load(0).tee(v);
  sigmoid(f, t, n);
  f.set(s);
  f.get(dx).get(dy).v128Load(0);
  // s + (1.702 x) * s * (1 - s)
  f.get(s).get(v).f32x4Const(GELU_SCALE).f32x4Mul().get(s).f32x4Mul().f32x4Const(1).get(s).f32x4Sub().f32x4Mul().f32x4Add();
  f.f32x4Mul().v128Store(0);
  f.get(x).i32(16).add().set(x).get(dy).i32(16).add().set(dy).get(dx).i32(16).add().set(dx);
  f.get(groups).i32(1).sub().tee(groups).brIf(0);
  f.end().end();
  return f;
}

/** The module's bytes: `gelu` and `geluGrad` exported, over an imported memory. */
export function geluModuleBytes(memory: MemoryImport): Uint8Array<ArrayBuffer> {
  return encodeModule([{ name: 'gelu', body: forward() }, { name: 'geluGrad', body: backward() }], memory);
}
