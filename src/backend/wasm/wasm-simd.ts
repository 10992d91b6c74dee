// Pieces shared by the generated SIMD passes (activations, LayerNorm, softmax): loops over groups of four
// floats, horizontal sums and maxima, and exp as 2^t = 2^round(t) * p(frac) with a degree-6
// polynomial for p (relative error ~1.2e-7, about float32's own rounding).
import type { Body } from './wasm-encoder';

/** ln(2)^k / k!, k = 0..6: Taylor coefficients of 2^f on [-0.5, 0.5]. */
const EXP2_COEFFS = [1, 0.6931471805599453, 0.2402265069591007, 0.05550410866482158, 0.009618129107628477, 0.0013333558146428443, 0.00015403530393381606];

/** Replaces the f32x4 on the stack with 2^(it), clamped to normal floats. Uses locals t, n (v128). */
export function exp2(f: Body, t: number, n: number): void {
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

/** Pushes the sum of the four lanes of local `v` (an f32). */
export function hsum(f: Body, v: number): void {
  f.get(v).f32x4ExtractLane(0).get(v).f32x4ExtractLane(1).f32Add().get(v).f32x4ExtractLane(2).f32Add().get(v).f32x4ExtractLane(3).f32Add();
}

/** Pushes the largest of the four lanes of local `v` (an f32). */
export function hmax(f: Body, v: number): void {
  f.get(v).f32x4ExtractLane(0).get(v).f32x4ExtractLane(1).f32Max().get(v).f32x4ExtractLane(2).f32Max().get(v).f32x4ExtractLane(3).f32Max();
}

/** for (i4 = 0; i4 < bytes; i4 += 16) body(): local `i4` is the byte offset of each group of four floats. */
export function groups(f: Body, bytes: number, i4: number, body: () => void): void {
  f.i32(0).set(i4).block().loop();
  body();
  f.get(i4).i32(16).add().tee(i4).get(bytes).ltS().brIf(0);
  f.end().end();
}
