// quick_gelu and its gradient as kernels (ProRegQuickGelu, ProRegQuickGeluGrad) for WASM and cpu: one pass
// each instead of tfjs's 3 and 8 kernels over the MLP's hidden layer. On WASM the generated SIMD module
// runs them in the heap (attachWasmGelu); until it is attached, and on cpu, a JavaScript loop does.
// model/ops.ts uses the kernels where the active backend has them.
import { GELU_SCALE, geluModuleBytes } from './gelu-wasm';
import { hostOutputs, hostView, registerHostKernel } from '../host-kernel';
import { attachedToActiveHeap, attachToHeap } from '../wasm-heap';

type Gelu = (x: number, y: number, groups: number) => void;
type GeluGrad = (x: number, dy: number, dx: number, groups: number) => void;

const modules = new WeakMap<object, { gelu: Gelu; geluGrad: GeluGrad }>();
let registered = false;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-GELU_SCALE * x));


export function fastQuickGelu(): void {
  if (registered) return;
  registerHostKernel('ProRegQuickGelu', ({ inputs, backend }) => {
    const { infos, views } = hostOutputs(backend, [inputs.x.shape]);
    const x = hostView(backend, inputs.x);
    const [y] = views;
    const m = modules.get(backend); // WASM with the module attached: views are heap offsets
    const done = m ? x.length & ~3 : 0;
    if (m) m.gelu(x.byteOffset, y.byteOffset, done >> 2);
    for (let i = done; i < x.length; i++) y[i] = x[i] * sigmoid(x[i]);
    return infos[0];
  });
  registerHostKernel('ProRegQuickGeluGrad', ({ inputs, backend }) => {
    const { infos, views } = hostOutputs(backend, [inputs.x.shape]);
    const x = hostView(backend, inputs.x);
    const dy = hostView(backend, inputs.dy);
    const [dx] = views;
    const m = modules.get(backend); // WASM with the module attached: views are heap offsets
    const done = m ? x.length & ~3 : 0;
    if (m) m.geluGrad(x.byteOffset, dy.byteOffset, dx.byteOffset, done >> 2);
    for (let i = done; i < x.length; i++) {
      const s = sigmoid(x[i]);
      dx[i] = dy[i] * (s + GELU_SCALE * x[i] * s * (1 - s));
    }
    return infos[0];
  });
  registered = true;
}

/** Instantiates the SIMD module on the active WASM backend's heap; false where there is none (or no SIMD). */
export function attachWasmGelu(): Promise<boolean> {
  return attachToHeap(modules, (shared) => geluModuleBytes({ minPages: 1, shared }), (e) => ({ gelu: e.gelu as Gelu, geluGrad: e.geluGrad as GeluGrad }));
}

/** Whether the active backend runs quick_gelu through the SIMD module (for reports and tests). */
export function quickGeluIsSimd(): boolean {
  return attachedToActiveHeap(modules);
}
