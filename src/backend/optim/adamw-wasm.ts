// One AdamW update (torch.optim.AdamW's arithmetic, as adamw.ts's JavaScript loop) as a generated SIMD pass in
// float32: four elements per step instead of the JavaScript loop's one, over ViT-B/32's 88 M parameters.
import { V128, type Body } from '../wasm/wasm-encoder';
import { generated, pass, type Indices } from '../wasm/pass';
import { SCALAR_ORDER } from './adamw-scalars';

const scalars = Object.fromEntries(SCALAR_ORDER.map((k) => [k, 'f32'])) as Record<(typeof SCALAR_ORDER)[number], 'f32'>;
const adamwPass = pass('adamw', { p: 'ptr', m: 'ptr', v: 'ptr', g: 'ptr', p1: 'ptr', m1: 'ptr', v1: 'ptr', groups: 'rows', ...scalars });
/** For `groups` groups of 4 floats: m1 = b1 m + c1 g; v1 = b2 v + c2 g^2;
 * p1 = keep p - stepSize m1 / (sqrt(v1) invSqrtBc2 + eps). */
export const ADAMW_PASS = generated(adamwPass, adamw);

function adamw(f: Body, at: Indices<typeof adamwPass.params>): void {
  const { p, m, v, g, p1, m1, v1, groups } = at;
  const k = Object.fromEntries(SCALAR_ORDER.map((name) => [name, f.local(V128)])) as Record<(typeof SCALAR_ORDER)[number], number>;
  SCALAR_ORDER.forEach((name) => f.get(at[name]).f32x4Splat().set(k[name]));
  const [gi, mi, vi] = [f.local(V128), f.local(V128), f.local(V128)];
  f.get(groups).eqz().if_().return_().end();
  f.block().loop();
  f.get(g).v128Load(0).set(gi);
  f.get(m).v128Load(0).get(k.beta1).f32x4Mul().get(gi).get(k.c1).f32x4Mul().f32x4Add().set(mi);
  f.get(v).v128Load(0).get(k.beta2).f32x4Mul().get(gi).get(gi).f32x4Mul().get(k.c2).f32x4Mul().f32x4Add().set(vi);
  f.get(m1).get(mi).v128Store(0).get(v1).get(vi).v128Store(0);
  f.get(p1);
  f.get(p).v128Load(0).get(k.keep).f32x4Mul();
  f.get(mi).get(vi).f32x4Sqrt().get(k.invSqrtBc2).f32x4Mul().get(k.eps).f32x4Add().f32x4Div().get(k.stepSize).f32x4Mul();
  f.f32x4Sub().v128Store(0);
  for (const ptr of [p, m, v, g, p1, m1, v1]) f.get(ptr).i32(16).add().set(ptr);
  f.get(groups).i32(1).sub().tee(groups).brIf(0);
  f.end().end();
}
