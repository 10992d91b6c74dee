// The one module that reaches into tfjs's internals, written against tfjs 4.22.0: the WASM backend's heap
// (its WebAssembly.Memory, `_malloc`, `getMemoryOffset`, views of tensors in it, new outputs), the cpu
// backend's value store, buffer reference counts, a registered kernel's `setupFunc` (to replace a WASM
// kernel while keeping it as the fallback), the threaded binary's thread count and the
// navigator.hardwareConcurrency its start-up reads. None of this is public API, so the kernels refuse to
// install against another version (assertPinnedTfjs): check each use here before moving the pin.
import * as tf from '@tensorflow/tfjs-core';

/** The tfjs version every use below was checked against (package.json pins the same). */
export const PINNED_TFJS = '4.22.0';

/** Throws, naming each package, unless every installed tfjs package is the pinned version. */
export function assertPinnedTfjs(installed: Record<string, string>): void {
  const off = Object.entries(installed).filter(([, v]) => v !== PINNED_TFJS);
  if (off.length === 0) return;
  const found = off.map(([name, v]) => `${name} ${v}`).join(', ');
  throw new Error(`the studio's WASM kernels use tfjs ${PINNED_TFJS} internals, but ${found} is installed: pin ${PINNED_TFJS} in package.json, or check every use in src/backend/tfjs-adapter.ts against the new version and move PINNED_TFJS`);
}

export interface Info {
  dataId: object;
  shape: number[];
  dtype: tf.DataType;
}

/** What the kernels use of tfjs's WASM backend (BackendWasm). */
export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): Info;
  typedArrayFromHeap(t: Info): Float32Array | Int32Array | Uint8Array;
  getMemoryOffset(dataId: object): number;
  incRef(dataId: object): void;
}

interface CpuBackendLike {
  data: { get(dataId: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): Info;
}

/** A CPU-side backend (WASM or cpu) as the kernels written in JavaScript receive it. */
export type HostBackend = (WasmBackendLike | CpuBackendLike) & { incRef(dataId: object): void; refCount(dataId: object): number; disposeData(dataId: object): boolean };

const isWasm = (b: HostBackend): b is WasmBackendLike & HostBackend => 'typedArrayFromHeap' in b;

/** The float32 values of `t`, in place (writes change the tensor). */
export function hostView(backend: HostBackend, t: Info): Float32Array {
  return isWasm(backend) ? (backend.typedArrayFromHeap(t) as Float32Array) : backend.data.get(t.dataId).values;
}

/** New float32 outputs and their views. On WASM all are allocated before any view is taken: an allocation
 * can grow the heap and detach earlier views. */
export function hostOutputs(backend: HostBackend, shapes: number[][]): { infos: Info[]; views: Float32Array[] } {
  if (isWasm(backend)) {
    const infos = shapes.map((s) => backend.makeOutput(s, 'float32'));
    return { infos, views: infos.map((o) => backend.typedArrayFromHeap(o) as Float32Array) };
  }
  const views = shapes.map((s) => new Float32Array(s.reduce((a, b) => a * b, 1)));
  return { infos: views.map((v, i) => backend.makeTensorInfo(shapes[i], 'float32', v)), views };
}

/** A new tensor over `x`'s buffer (one more reference), as tfjs's own Reshape makes. */
export function shareBuffer(backend: { incRef(dataId: object): void }, x: Info): Info {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Whether `t` is the only tensor on its buffer in the active backend (so writing it in place is safe). */
export function ownsBuffer(t: tf.Tensor): boolean {
  return (tf.backend() as unknown as HostBackend).refCount(t.dataId) === 1;
}

/** Byte offset of `t`'s data in the WASM heap. */
export const heapOffset = (backend: WasmBackendLike, t: Info) => backend.getMemoryOffset(t.dataId);

/** `t`'s values in the WASM heap, in place (a view: a later allocation may detach it). */
export const heapView = (backend: WasmBackendLike, t: Info) => backend.typedArrayFromHeap(t);

/** A new tensor in the WASM heap. */
export const heapOutput = (backend: WasmBackendLike, shape: number[], dtype: tf.DataType) => backend.makeOutput(shape, dtype);

export interface WasmHeap {
  /** The backend object: one heap per backend instance. */
  owner: object;
  memory: WebAssembly.Memory;
  shared: boolean;
  malloc(bytes: number): number;
}

interface WasmModuleLike {
  wasmMemory?: WebAssembly.Memory;
  asm?: { memory?: WebAssembly.Memory };
  _malloc(bytes: number): number;
  tfjs?: { getThreadsCount?: () => number };
}

const activeWasmModule = () => (tf.getBackend() === 'wasm' ? (tf.backend() as unknown as { wasm?: WasmModuleLike }).wasm : undefined);

/** The active backend's heap, or null when the active backend is not WASM (or hides its memory). */
export function activeWasmHeap(): WasmHeap | null {
  const wasm = activeWasmModule();
  // The threaded binary keeps its (shared) memory on the module; the others export it from the instance.
  const memory = wasm?.wasmMemory ?? wasm?.asm?.memory;
  if (!wasm || !memory) return null;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  return { owner: tf.backend(), memory, shared, malloc: (n) => wasm._malloc(n) >>> 0 };
}

/** XNNPACK threads the running WASM backend really has (1 when it is not the active backend). */
export function wasmThreadsInUse(): number {
  return Math.max(1, activeWasmModule()?.tfjs?.getThreadsCount?.() ?? 1);
}

/**
 * Runs `start` (the WASM backend's start-up) while navigator.hardwareConcurrency reports at least
 * 2 * `threads`: tfjs's threaded binary caps its pool at hardwareConcurrency / 2 (it assumes two hardware
 * threads per core), so a 2-core machine got one thread whatever was asked. The real value returns after.
 */
export async function withWasmCoreCount<T>(threads: number, start: () => Promise<T>): Promise<T> {
  const nav = globalThis.navigator;
  if (!nav || threads <= 1) return start();
  const cores = nav.hardwareConcurrency ?? 2;
  Object.defineProperty(nav, 'hardwareConcurrency', { configurable: true, get: () => Math.max(cores, 2 * threads) });
  try {
    return await start();
  } finally {
    delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

export interface WasmKernelArgs<I, A> {
  inputs: I;
  backend: WasmBackendLike;
  attrs: A;
}

/** tfjs's own kernel, for the cases an override leaves to it. */
export type OriginalKernel = (args: unknown) => Info | Info[];

const overridden = new Set<string>();

/**
 * Registers `make(original)` as WASM's kernel `name` (once; later calls do nothing). The original's
 * setupFunc, which binds its WASM function when the backend starts, stays registered.
 */
export function overrideWasmKernel<I, A>(name: string, make: (original: OriginalKernel) => (args: WasmKernelArgs<I, A>) => Info | Info[]): void {
  if (overridden.has(name)) return;
  const original = tf.getKernel(name, 'wasm');
  if (!original) throw new Error('the WASM backend is not registered: import @tensorflow/tfjs-backend-wasm first');
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ kernelName: name, backendName: 'wasm', setupFunc: original.setupFunc, kernelFunc: make(original.kernelFunc as unknown as OriginalKernel) as unknown as tf.KernelFunc });
  overridden.add(name);
}
