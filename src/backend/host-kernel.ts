// Kernels written in JavaScript for the CPU-side backends, WASM (tensors live in its heap) and cpu (plain
// arrays): float32 views of inputs and new outputs, and one registration for both backends.
import * as tf from '@tensorflow/tfjs-core';

export interface Info {
  dataId: object;
  shape: number[];
  dtype: tf.DataType;
}

interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): Info;
  typedArrayFromHeap(t: Info): Float32Array;
}

interface CpuBackend {
  data: { get(dataId: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): Info;
}

export type HostBackend = (WasmBackend | CpuBackend) & { incRef(dataId: object): void; refCount(dataId: object): number; disposeData(dataId: object): boolean };

const isWasm = (b: HostBackend): b is WasmBackend & HostBackend => 'typedArrayFromHeap' in b;

/** The float32 values of `t`, in place (writes change the tensor). */
export function hostView(backend: HostBackend, t: Info): Float32Array {
  return isWasm(backend) ? backend.typedArrayFromHeap(t) : backend.data.get(t.dataId).values;
}

/** New float32 outputs and their views. On WASM all are allocated before any view is taken: an allocation
 * can grow the heap and detach earlier views. */
export function hostOutputs(backend: HostBackend, shapes: number[][]): { infos: Info[]; views: Float32Array[] } {
  if (isWasm(backend)) {
    const infos = shapes.map((s) => backend.makeOutput(s, 'float32'));
    return { infos, views: infos.map((o) => backend.typedArrayFromHeap(o)) };
  }
  const views = shapes.map((s) => new Float32Array(s.reduce((a, b) => a * b, 1)));
  return { infos: views.map((v, i) => backend.makeTensorInfo(shapes[i], 'float32', v)), views };
}

/** Registers `kernelFunc` under `name` for WASM and cpu. */
export function registerHostKernel<A>(name: string, kernelFunc: (args: { inputs: Record<string, Info>; backend: HostBackend; attrs: A }) => Info | Info[]): void {
  for (const backendName of ['wasm', 'cpu']) tf.registerKernel({ kernelName: name, backendName, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
}

/** Whether the active backend has kernel `name`. */
export function hasKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}
