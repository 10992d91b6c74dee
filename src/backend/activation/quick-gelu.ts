// quick_gelu and its gradient as kernels (ProRegQuickGelu, ProRegQuickGeluGrad) for WASM and cpu: one pass
// each instead of tfjs's 3 and 8 kernels over the MLP's hidden layer. On WASM the generated SIMD passes
// run in the heap on every thread of the GEMM pool; until it is attached, and on cpu, a JavaScript loop does.
// model/ops.ts uses the kernels where the active backend has them.
import { GELU_SCALE } from './gelu-wasm';
import { hostOutputs, hostView, registerHostKernel } from '../host-kernel';
import { gemmPoolOf } from '../wasm-matmul';

let registered = false;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-GELU_SCALE * x));


export function fastQuickGelu(): void {
  if (registered) return;
  registerHostKernel('ProRegQuickGelu', ({ inputs, backend }) => {
    const { infos, views } = hostOutputs(backend, [inputs.x.shape]);
    const x = hostView(backend, inputs.x);
    const [y] = views;
    const pool = gemmPoolOf(backend); // WASM with the pool attached: views are heap offsets
    const done = pool ? x.length & ~3 : 0;
    if (pool) pool.runRows('gelu', [x.byteOffset, y.byteOffset, 0], [16, 16, 0], done >> 2, 4);
    for (let i = done; i < x.length; i++) y[i] = x[i] * sigmoid(x[i]);
    return infos[0];
  });
  registerHostKernel('ProRegQuickGeluGrad', ({ inputs, backend }) => {
    const { infos, views } = hostOutputs(backend, [inputs.x.shape]);
    const x = hostView(backend, inputs.x);
    const dy = hostView(backend, inputs.dy);
    const [dx] = views;
    const pool = gemmPoolOf(backend);
    const done = pool ? x.length & ~3 : 0;
    if (pool) pool.runRows('geluGrad', [x.byteOffset, dy.byteOffset, dx.byteOffset, 0], [16, 16, 16, 0], done >> 2, 4);
    for (let i = done; i < x.length; i++) {
      const s = sigmoid(x[i]);
      dx[i] = dy[i] * (s + GELU_SCALE * x[i] * s * (1 - s));
    }
    return infos[0];
  });
  registered = true;
}
