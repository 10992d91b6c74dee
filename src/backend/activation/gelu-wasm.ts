// quick_gelu (x * sigmoid(1.702 x), OpenAI CLIP's MLP activation) and its gradient as one SIMD pass each,
// generated like the GEMM. tfjs composes them from 3 and 8 kernels, each a full pass over the
// [tokens, 4*width] hidden layer: the largest activations of the model. exp: wasm/wasm-simd.ts.
import { V128, type Body } from '../wasm/wasm-encoder';
import { generated, pass, type Indices } from '../wasm/pass';
import { exp2 } from '../wasm/wasm-simd';

const forwardPass = pass('gelu', { x: 'ptr', y: 'ptr', groups: 'rows' });
const backwardPass = pass('geluGrad', { x: 'ptr', dy: 'ptr', dx: 'ptr', groups: 'rows' });
/** y = x * sigmoid(1.702 x) for `groups` groups of 4 floats (the pool's rows). */
export const GELU = generated(forwardPass, forward);
/** dx = dy * (s + 1.702 x s (1 - s)), s = sigmoid(1.702 x), for `groups` groups of 4 floats. */
export const GELU_GRAD = generated(backwardPass, backward);

export const GELU_SCALE = 1.702;
const LOG2E = Math.LOG2E;

// sigmoid(1.702 x) of the x on the stack, left on the stack. Uses locals t, n.
function sigmoid(f: Body, t: number, n: number): void {
  f.f32x4Const(-GELU_SCALE * LOG2E).f32x4Mul();
  exp2(f, t, n);
  f.f32x4Const(1).f32x4Add().set(t).f32x4Const(1).get(t).f32x4Div();
}

function forward(f: Body, { x, y, groups }: Indices<typeof forwardPass.params>): void {
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
}

function backward(f: Body, { x, dy, dx, groups }: Indices<typeof backwardPass.params>): void {
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
}
