// LayerNorm and its gradient as kernels (ProRegLayerNorm -> [y, xhat, rstd], ProRegLayerNormGrad ->
// [dx, dy * xhat]) for WASM and cpu: one kernel each way instead of tfjs's ~9 and ~8. On WASM the generated
// SIMD passes run in the heap on every thread of the GEMM pool when the width is a multiple of 4; elsewhere
// a JavaScript loop in float64 does. model/ops.ts uses the kernels where the active backend has them.
import { LAYER_NORM_GRAD_PASS, LAYER_NORM_PASS } from './layernorm-wasm';
import { gemmPoolOf } from '../pool/attach';
import { hostOutputs, hostView } from '../tfjs-adapter';
import { registerHostKernel, type WasmKernel } from '../wasm/host-kernel';
import { operand } from '../wasm/pass';

/** {x, g, b} {eps} -> [y, xhat, rstd]. */
export const LAYER_NORM = 'ProRegLayerNorm';
/** {dy, xhat, rstd, g} -> [dx, dy * xhat]. */
export const LAYER_NORM_GRAD = 'ProRegLayerNormGrad';
/** {dy, xhat, rstd, g} -> [dx, dg, db]: WebGPU's backward in one kernel (backend/webgpu/layernorm.ts). */
export const LAYER_NORM_GRAD_FULL = 'ProRegLayerNormGradFull';
/** {x, g, b} {eps} -> [y, xhat, rstd, x]: the norm and x itself for a residual path, whose gradient the
 * backward (LAYER_NORM_GRAD_FULL with input dres) adds into dx. WebGPU only (backend/webgpu/layernorm.ts). */
export const LAYER_NORM_SKIP = 'ProRegLayerNormSkip';

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

function register(): void {
  registerHostKernel<{ eps: number }>(LAYER_NORM, ({ inputs, backend, attrs }) => {
    const shape = inputs.x.shape;
    const d = shape[shape.length - 1];
    const { infos, views } = hostOutputs(backend, [shape, shape, [...shape.slice(0, -1), 1]]);
    const [x, g, b] = [inputs.x, inputs.g, inputs.b].map((t) => hostView(backend, t));
    const [y, xhat, rstd] = views;
    const pool = d % 4 === 0 ? gemmPoolOf(backend) : undefined; // WASM with the pool: views are heap offsets
    const row = d * 4;
    if (pool) pool.runRows(LAYER_NORM_PASS, { x: operand(x, row), g: operand(g), b: operand(b), y: operand(y, row), xhat: operand(xhat, row), rstd: operand(rstd, 4), d, eps: attrs.eps }, rstd.length, d);
    else forwardJs(x, g, b, y, xhat, rstd, d, attrs.eps);
    return infos;
  });
  registerHostKernel(LAYER_NORM_GRAD, ({ inputs, backend }) => {
    const shape = inputs.dy.shape;
    const d = shape[shape.length - 1];
    const { infos, views } = hostOutputs(backend, [shape, shape]);
    const [dy, xhat, rstd, g] = [inputs.dy, inputs.xhat, inputs.rstd, inputs.g].map((t) => hostView(backend, t));
    const [dx, dyx] = views;
    const pool = d % 4 === 0 ? gemmPoolOf(backend) : undefined;
    const row = d * 4;
    if (pool) pool.runRows(LAYER_NORM_GRAD_PASS, { dy: operand(dy, row), xhat: operand(xhat, row), rstd: operand(rstd, 4), g: operand(g), dx: operand(dx, row), dyx: operand(dyx, row), d }, rstd.length, d);
    else backwardJs(dy, xhat, rstd, g, dx, dyx, d);
    return infos;
  });
}

export const layerNormKernel: WasmKernel = { register, passes: [LAYER_NORM_PASS, LAYER_NORM_GRAD_PASS] };
