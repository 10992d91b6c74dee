// LayerNorm over rows of D floats (D a multiple of 4) and its gradient, as generated SIMD passes: each row
// (3 KB at width 768) is read from L1 by the second and third pass. tfjs composes the forward from ~9
// kernels (moments, sub, rsqrt, mul, ...) and the backward from ~8, each a pass over the whole tensor.
import { F32, I32, V128, type Body } from '../wasm/wasm-encoder';
import { generated, pass, type Indices } from '../wasm/pass';
import { groups, hsum } from '../wasm/wasm-simd';

const forwardPass = pass('layerNorm', { x: 'ptr', g: 'ptr', b: 'ptr', y: 'ptr', xhat: 'ptr', rstd: 'ptr', rows: 'rows', d: 'i32', eps: 'f32' });
const backwardPass = pass('layerNormGrad', { dy: 'ptr', xhat: 'ptr', rstd: 'ptr', g: 'ptr', dx: 'ptr', dyx: 'ptr', rows: 'rows', d: 'i32' });
/** Per row of d floats: mean and biased variance (two passes), then xhat = (x - mean) * rstd and
 * y = xhat * g + b; rstd[row] = 1 / sqrt(var + eps). */
export const LAYER_NORM_PASS = generated(forwardPass, forward);
/** With dxhat = dy * g: dx = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)); dyx = dy * xhat (for
 * g's gradient). */
export const LAYER_NORM_GRAD_PASS = generated(backwardPass, backward);

function forward(f: Body, { x, g, b, y, xhat, rstd, rows, d, eps }: Indices<typeof forwardPass.params>): void {
  const [i4, bytes] = [f.local(I32), f.local(I32)];
  const [acc, mv, rv, xh] = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  const [mean, r] = [f.local(F32), f.local(F32)];
  f.get(rows).eqz().if_().return_().end();
  f.get(d).i32(4).mul().set(bytes);
  f.block().loop();
  f.v128Zero().set(acc);
  groups(f, bytes, i4, () => f.get(acc).get(x).get(i4).add().v128Load(0).f32x4Add().set(acc));
  hsum(f, acc);
  f.get(d).f32ConvertI32S().f32Div().set(mean);
  f.get(mean).f32x4Splat().set(mv).v128Zero().set(acc);
  groups(f, bytes, i4, () => {
    f.get(x).get(i4).add().v128Load(0).get(mv).f32x4Sub().set(xh);
    f.get(acc).get(xh).get(xh).f32x4Mul().f32x4Add().set(acc);
  });
  f.f32Const(1);
  hsum(f, acc);
  f.get(d).f32ConvertI32S().f32Div().get(eps).f32Add().f32Sqrt().f32Div().set(r);
  f.get(rstd).get(r).f32Store(0);
  f.get(r).f32x4Splat().set(rv);
  groups(f, bytes, i4, () => {
    f.get(x).get(i4).add().v128Load(0).get(mv).f32x4Sub().get(rv).f32x4Mul().set(xh);
    f.get(xhat).get(i4).add().get(xh).v128Store(0);
    f.get(y).get(i4).add().get(xh).get(g).get(i4).add().v128Load(0).f32x4Mul().get(b).get(i4).add().v128Load(0).f32x4Add().v128Store(0);
  });
  for (const p of [x, y, xhat]) f.get(p).get(bytes).add().set(p);
  f.get(rstd).i32(4).add().set(rstd);
  f.get(rows).i32(1).sub().tee(rows).brIf(0);
  f.end().end();
}

function backward(f: Body, { dy, xhat, rstd, g, dx, dyx, rows, d }: Indices<typeof backwardPass.params>): void {
  const [i4, bytes] = [f.local(I32), f.local(I32)];
  const [a1, a2, dxh, xh, dyv, m1, m2, rv] = Array.from({ length: 8 }, () => f.local(V128));
  f.get(rows).eqz().if_().return_().end();
  f.get(d).i32(4).mul().set(bytes);
  f.block().loop();
  f.v128Zero().set(a1).v128Zero().set(a2);
  groups(f, bytes, i4, () => {
    f.get(dy).get(i4).add().v128Load(0).set(dyv);
    f.get(xhat).get(i4).add().v128Load(0).set(xh);
    f.get(dyv).get(g).get(i4).add().v128Load(0).f32x4Mul().set(dxh);
    f.get(a1).get(dxh).f32x4Add().set(a1);
    f.get(a2).get(dxh).get(xh).f32x4Mul().f32x4Add().set(a2);
    f.get(dyx).get(i4).add().get(dyv).get(xh).f32x4Mul().v128Store(0);
  });
  hsum(f, a1);
  f.get(d).f32ConvertI32S().f32Div().f32x4Splat().set(m1);
  hsum(f, a2);
  f.get(d).f32ConvertI32S().f32Div().f32x4Splat().set(m2);
  f.get(rstd).f32Load(0).f32x4Splat().set(rv);
  groups(f, bytes, i4, () => {
    f.get(dx).get(i4).add();
    f.get(dy).get(i4).add().v128Load(0).get(g).get(i4).add().v128Load(0).f32x4Mul().get(m1).f32x4Sub();
    f.get(xhat).get(i4).add().v128Load(0).get(m2).f32x4Mul().f32x4Sub().get(rv).f32x4Mul().v128Store(0);
  });
  for (const p of [dy, xhat, dx, dyx]) f.get(p).get(bytes).add().set(p);
  f.get(rstd).i32(4).add().set(rstd);
  f.get(rows).i32(1).sub().tee(rows).brIf(0);
  f.end().end();
}
