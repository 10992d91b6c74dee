// Gradient accumulation in place on the CPU-side backends (WASM, cpu) as a kernel
// (ProRegAccumulateInPlace): acc += g without a new buffer. Adding into a fresh tensor per parameter and
// micro-batch left the WASM heap ~1 GB larger for full ViT-B/32 (allocator churn on 88 M floats per
// micro-batch). The result shares acc's buffer (one more reference), as Reshape does; the caller
// (train/fused-accumulate.ts) runs it only on an accumulator whose buffer no other tensor shares.
import { hostView, shareBuffer } from '../tfjs-adapter';
import { registerHostKernel, type WasmKernel } from '../wasm/host-kernel';

/** {acc, g} -> acc + g, written into acc's buffer. */
export const ACCUMULATE_IN_PLACE = 'ProRegAccumulateInPlace';

function addInto(acc: Float32Array, g: Float32Array): void {
  for (let i = 0; i < acc.length; i++) acc[i] += g[i];
}

function register(): void {
  registerHostKernel(ACCUMULATE_IN_PLACE, ({ inputs: { acc, g }, backend }) => {
    addInto(hostView(backend, acc), hostView(backend, g));
    return shareBuffer(backend, acc);
  });
}

export const accumulateKernel: WasmKernel = { register };
