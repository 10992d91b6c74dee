// quick_gelu and its gradient as kernels (ProRegQuickGelu, ProRegQuickGeluGrad) for WASM and cpu: one pass
// each instead of tfjs's 3 and 8 kernels over the MLP's hidden layer. On WASM the generated SIMD passes
// run in the heap on every thread of the GEMM pool; until it is attached, and on cpu, a JavaScript loop does.
// model/ops.ts uses the kernels where the active backend has them.
import { GELU, GELU_GRAD, GELU_SCALE } from './gelu-wasm';
import { gemmPoolOf } from '../pool/attach';
import { hostOutputs, hostView } from '../tfjs-adapter';
import { registerHostKernel, type WasmKernel } from '../wasm/host-kernel';
import { operand } from '../wasm/pass';

/** x -> x * sigmoid(1.702 x), and {x, dy} -> dx. */
export const QUICK_GELU = 'ProRegQuickGelu';
export const QUICK_GELU_GRAD = 'ProRegQuickGeluGrad';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-GELU_SCALE * x));

function register(): void {
  registerHostKernel(QUICK_GELU, ({ inputs, backend }) => {
    const { infos, views } = hostOutputs(backend, [inputs.x.shape]);
    const x = hostView(backend, inputs.x);
    const [y] = views;
    const pool = gemmPoolOf(backend); // WASM with the pool attached: views are heap offsets
    const done = pool ? x.length & ~3 : 0;
    if (pool) pool.runRows(GELU, { x: operand(x, 16), y: operand(y, 16) }, done >> 2, 4);
    for (let i = done; i < x.length; i++) y[i] = x[i] * sigmoid(x[i]);
    return infos[0];
  });
  registerHostKernel(QUICK_GELU_GRAD, ({ inputs, backend }) => {
    const { infos, views } = hostOutputs(backend, [inputs.x.shape]);
    const x = hostView(backend, inputs.x);
    const dy = hostView(backend, inputs.dy);
    const [dx] = views;
    const pool = gemmPoolOf(backend);
    const done = pool ? x.length & ~3 : 0;
    if (pool) pool.runRows(GELU_GRAD, { x: operand(x, 16), dy: operand(dy, 16), dx: operand(dx, 16) }, done >> 2, 4);
    for (let i = done; i < x.length; i++) {
      const s = sigmoid(x[i]);
      dx[i] = dy[i] * (s + GELU_SCALE * x[i] * s * (1 - s));
    }
    return infos[0];
  });
}

export const quickGeluKernel: WasmKernel = { register, passes: [GELU, GELU_GRAD] };
