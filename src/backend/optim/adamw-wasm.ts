// One AdamW update (torch.optim.AdamW's arithmetic, as train/fused-adamw.ts) as a generated SIMD pass in
// float32: four elements per step instead of the JavaScript loop's one, over ViT-B/32's 88 M parameters.
import { Body, F32, I32, V128, type FunctionDef, type ValType } from '../wasm-encoder';
import { SCALAR_ORDER } from './adamw-scalars';

// adamw(p, m, v, g, p1, m1, v1, groups, ...scalars): m1 = b1 m + c1 g; v1 = b2 v + c2 g^2;
// p1 = keep p - stepSize m1 / (sqrt(v1) invSqrtBc2 + eps).
function adamw(): Body {
  const f = new Body([I32, I32, I32, I32, I32, I32, I32, I32, ...SCALAR_ORDER.map((): ValType => F32)]);
  const [p, m, v, g, p1, m1, v1, groups] = [0, 1, 2, 3, 4, 5, 6, 7];
  const k = Object.fromEntries(SCALAR_ORDER.map((name) => [name, f.local(V128)])) as Record<(typeof SCALAR_ORDER)[number], number>;
  SCALAR_ORDER.forEach((name, i) => f.get(8 + i).f32x4Splat().set(k[name]));
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
  return f;
}

/** `adamw` (a leaf function), for the pool's module (gemm/gemm-wasm.ts). */
export function adamwFunctions(): FunctionDef[] {
  return [{ name: 'adamw', body: adamw() }];
}
