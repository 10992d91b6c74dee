// Row softmax of attention scores and its gradient as generated SIMD passes, for the fused attention the
// GEMM pool runs (attention-call.ts). Rows are `ld` floats apart, ld a multiple of 4 and at least the `n`
// real columns; the padding is written (0 in the output) so every pass runs whole vectors.
import { I32, V128, type Body } from '../wasm/wasm-encoder';
import { generated, pass, type Indices } from '../wasm/pass';
import { exp2, groups, hmax, hsum } from '../wasm/wasm-simd';

const forwardPass = pass('softmaxRows', { s: 'ptr', rows: 'i32', ld: 'i32', n: 'i32', scale: 'f32' });
const backwardPass = pass('softmaxRowsGrad', { p: 'ptr', dp: 'ptr', rows: 'i32', ld: 'i32', n: 'i32', scale: 'f32' });
/** s[r, :n] = softmax(scale * s[r, :n]) in place for `rows` rows `ld` floats apart; s[r, n:ld] = 0. */
export const SOFTMAX_ROWS = generated(forwardPass, forward);
/** With p = softmax(scale * s) (zero padded) and dp = dL/dp, dp becomes dL/ds = scale * p * (dp - sum(dp * p)). */
export const SOFTMAX_ROWS_GRAD = generated(backwardPass, backward);

/** Stores `value` (an f32 pushed by `push`) in row[n .. ld). */
function fillPad(f: Body, row: number, n: number, ld: number, c: number, push: () => void): void {
  f.get(n).set(c).block().get(c).get(ld).ltS().eqz().brIf(0).loop();
  f.get(row).get(c).i32(4).mul().add();
  push();
  f.f32Store(0);
  f.get(c).i32(1).add().tee(c).get(ld).ltS().brIf(0);
  f.end().end();
}

function forward(f: Body, { s, rows, ld, n, scale }: Indices<typeof forwardPass.params>): void {
  const [i4, bytes, c] = [f.local(I32), f.local(I32), f.local(I32)];
  const [acc, mv, sv, t, u] = [f.local(V128), f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  f.get(rows).eqz().if_().return_().end();
  f.get(ld).i32(4).mul().set(bytes);
  f.get(scale).f32Const(Math.LOG2E).f32Mul().f32x4Splat().set(sv);
  f.block().loop();
  fillPad(f, s, n, ld, c, () => f.f32Const(-Infinity));
  f.f32x4Const(-Infinity).set(acc);
  groups(f, bytes, i4, () => f.get(acc).get(s).get(i4).add().v128Load(0).f32x4Max().set(acc));
  hmax(f, acc);
  f.f32x4Splat().set(mv).v128Zero().set(acc);
  // e = 2^((x - max) * scale * log2 e): every exponent <= 0, the largest term is 1
  groups(f, bytes, i4, () => {
    f.get(s).get(i4).add();
    f.get(s).get(i4).add().v128Load(0).get(mv).f32x4Sub().get(sv).f32x4Mul();
    exp2(f, t, u);
    f.tee(t).v128Store(0);
    f.get(acc).get(t).f32x4Add().set(acc);
  });
  // the padding's 2^-126 (the clamp of exp(-inf)) becomes 0 before the scaling: scaled it would be a
  // denormal, which the CPU multiplies ~100x slower
  fillPad(f, s, n, ld, c, () => f.f32Const0());
  f.f32Const(1);
  hsum(f, acc);
  f.f32Div().f32x4Splat().set(mv);
  groups(f, bytes, i4, () => f.get(s).get(i4).add().get(s).get(i4).add().v128Load(0).get(mv).f32x4Mul().v128Store(0));
  f.get(s).get(bytes).add().set(s);
  f.get(rows).i32(1).sub().tee(rows).brIf(0);
  f.end().end();
}

function backward(f: Body, { p, dp, rows, ld, n, scale }: Indices<typeof backwardPass.params>): void {
  const [i4, bytes, c] = [f.local(I32), f.local(I32), f.local(I32)];
  const [acc, dot, sv] = [f.local(V128), f.local(V128), f.local(V128)];
  f.get(rows).eqz().if_().return_().end();
  f.get(ld).i32(4).mul().set(bytes);
  f.get(scale).f32x4Splat().set(sv);
  f.block().loop();
  fillPad(f, dp, n, ld, c, () => f.f32Const0());
  f.v128Zero().set(acc);
  groups(f, bytes, i4, () => f.get(acc).get(dp).get(i4).add().v128Load(0).get(p).get(i4).add().v128Load(0).f32x4Mul().f32x4Add().set(acc));
  hsum(f, acc);
  f.f32x4Splat().set(dot);
  groups(f, bytes, i4, () => {
    f.get(dp).get(i4).add();
    f.get(dp).get(i4).add().v128Load(0).get(dot).f32x4Sub().get(p).get(i4).add().v128Load(0).f32x4Mul().get(sv).f32x4Mul();
    f.v128Store(0);
  });
  f.get(p).get(bytes).add().set(p).get(dp).get(bytes).add().set(dp);
  f.get(rows).i32(1).sub().tee(rows).brIf(0);
  f.end().end();
}
