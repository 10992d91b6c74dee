// The generated AdamW pass attached to a WASM backend's heap. train/fused-adamw.ts runs it when the kernel's
// backend has it (views are heap offsets there) and its JavaScript loop otherwise (cpu, tails).
import { adamwModuleBytes } from './adamw-wasm';
import { SCALAR_ORDER, type AdamWScalars } from './adamw-scalars';
import { attachToHeap } from '../wasm-heap';

type AdamW = (p: number, m: number, v: number, g: number, p1: number, m1: number, v1: number, groups: number, ...scalars: number[]) => void;

const modules = new WeakMap<object, AdamW>();

/** Runs the SIMD update over the first floor(n/4)*4 elements if `backend` has the module; returns how many. */
export function adamwSimd(backend: object, views: Float32Array[], s: AdamWScalars): number {
  const fn = modules.get(backend);
  if (!fn) return 0;
  const [p, m, v, g, p1, m1, v1] = views;
  const groups = p.length >> 2;
  fn(p.byteOffset, m.byteOffset, v.byteOffset, g.byteOffset, p1.byteOffset, m1.byteOffset, v1.byteOffset, groups, ...SCALAR_ORDER.map((k) => s[k]));
  return groups << 2;
}

/** Instantiates the module on the active WASM backend's heap; false where there is none (or no SIMD). */
export function attachWasmAdamW(): Promise<boolean> {
  return attachToHeap(modules, (shared) => adamwModuleBytes({ minPages: 1, shared }), (e) => e.adamw as AdamW);
}
