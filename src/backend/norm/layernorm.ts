// LayerNorm and its gradient as kernels (ProRegLayerNorm -> [y, xhat, rstd], ProRegLayerNormGrad ->
// [dx, dy * xhat]) for WASM and cpu: one kernel each way instead of tfjs's ~9 and ~8. On WASM the generated
// SIMD module runs them in the heap (attachWasmLayerNorm) when the width is a multiple of 4; elsewhere a
// JavaScript loop in float64 does. model/ops.ts uses the kernels where the active backend has them.
import { layerNormModuleBytes } from './layernorm-wasm';
import { hostOutputs, hostView, registerHostKernel } from '../host-kernel';
import { attachedToActiveHeap, attachToHeap } from '../wasm-heap';

type Forward = (x: number, g: number, b: number, y: number, xhat: number, rstd: number, rows: number, d: number, eps: number) => void;
type Backward = (dy: number, xhat: number, rstd: number, g: number, dx: number, dyx: number, rows: number, d: number) => void;

const modules = new WeakMap<object, { forward: Forward; backward: Backward }>();
let registered = false;

function forwardJs(x: Float32Array, g: Float32Array, b: Float32Array, y: Float32Array, xhat: Float32Array, rstd: Float32Array, d: number, eps: number): void {
  for (let row = 0, o = 0; o < x.length; row++, o += d) {
    let mean = 0;
    for (let i = 0; i < d; i++) mean += x[o + i];
    mean /= d;
    let v = 0;
    for (let i = 0; i < d; i++) v += (x[o + i] - mean) ** 2;
    const r = 1 / Math.sqrt(v / d + eps);
    rstd[row] = r;
    for (let i = 0; i < d; i++) {
      const h = (x[o + i] - mean) * r;
      xhat[o + i] = h;
      y[o + i] = h * g[i] + b[i];
    }
  }
}

function backwardJs(dy: Float32Array, xhat: Float32Array, rstd: Float32Array, g: Float32Array, dx: Float32Array, dyx: Float32Array, d: number): void {
  for (let row = 0, o = 0; o < dy.length; row++, o += d) {
    let m1 = 0;
    let m2 = 0;
    for (let i = 0; i < d; i++) {
      const dxh = dy[o + i] * g[i];
      m1 += dxh;
      m2 += dxh * xhat[o + i];
      dyx[o + i] = dy[o + i] * xhat[o + i];
    }
    m1 /= d;
    m2 /= d;
    for (let i = 0; i < d; i++) dx[o + i] = rstd[row] * (dy[o + i] * g[i] - m1 - xhat[o + i] * m2);
  }
}

export function fastLayerNorm(): void {
  if (registered) return;
  registerHostKernel<{ eps: number }>('ProRegLayerNorm', ({ inputs, backend, attrs }) => {
    const shape = inputs.x.shape;
    const d = shape[shape.length - 1];
    const { infos, views } = hostOutputs(backend, [shape, shape, [...shape.slice(0, -1), 1]]);
    const [x, g, b] = [inputs.x, inputs.g, inputs.b].map((t) => hostView(backend, t));
    const [y, xhat, rstd] = views;
    const m = d % 4 === 0 ? modules.get(backend) : undefined; // WASM with the module: views are heap offsets
    if (m) m.forward(x.byteOffset, g.byteOffset, b.byteOffset, y.byteOffset, xhat.byteOffset, rstd.byteOffset, rstd.length, d, attrs.eps);
    else forwardJs(x, g, b, y, xhat, rstd, d, attrs.eps);
    return infos;
  });
  registerHostKernel('ProRegLayerNormGrad', ({ inputs, backend }) => {
    const shape = inputs.dy.shape;
    const d = shape[shape.length - 1];
    const { infos, views } = hostOutputs(backend, [shape, shape]);
    const [dy, xhat, rstd, g] = [inputs.dy, inputs.xhat, inputs.rstd, inputs.g].map((t) => hostView(backend, t));
    const [dx, dyx] = views;
    const m = d % 4 === 0 ? modules.get(backend) : undefined;
    if (m) m.backward(dy.byteOffset, xhat.byteOffset, rstd.byteOffset, g.byteOffset, dx.byteOffset, dyx.byteOffset, rstd.length, d);
    else backwardJs(dy, xhat, rstd, g, dx, dyx, d);
    return infos;
  });
  registered = true;
}

/** Instantiates the SIMD module on the active WASM backend's heap; false where there is none (or no SIMD). */
export function attachWasmLayerNorm(): Promise<boolean> {
  return attachToHeap(modules, (shared) => layerNormModuleBytes({ minPages: 1, shared }), (e) => ({ forward: e.layerNorm as Forward, backward: e.layerNormGrad as Backward }));
}

/** Whether the active backend runs LayerNorm through the SIMD module (for tests). */
export function layerNormIsSimd(): boolean {
  return attachedToActiveHeap(modules);
}
