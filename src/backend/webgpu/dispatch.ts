// The studio's own WebGPU kernels run through this, beside tfjs's programs and into the same command
// encoder: whole WGSL modules with their own bindings (several outputs, buffers written in place), which
// tfjs's WebGPUProgram cannot express (one output, every input read-only). Pipelines are compiled once per
// kernel key; uniforms that are the same every step (shapes) live in buffers made once and reused, so a
// dispatch costs a bind group and the encoding. Tensors bound here are marked as owned by the pending
// command queue exactly as tfjs's own dispatches mark theirs, so tfjs defers freeing them until submit.
import * as tf from '@tensorflow/tfjs-core';

export interface GpuTensorInfo {
  dataId: object;
  shape: number[];
  dtype: tf.DataType;
}

interface TensorData {
  resource: GPUBuffer | null;
  refCount: number;
}

/** The parts of tfjs's WebGPUBackend (4.22) this file uses. */
export interface WebGpuBackend {
  device: GPUDevice;
  queue: GPUQueue;
  tensorMap: { get(dataId: object): TensorData; has(dataId: object): boolean };
  commandQueueOwnedIds: WeakSet<object>;
  commandEncoder: GPUCommandEncoder | null;
  computePassEncoder: GPUComputePassEncoder | null;
  dispatchCountInPass: number;
  activeTimers?: { name: string; query: Promise<number> }[] | null;
  bufferManager: { acquireBuffer(size: number, usage: number): GPUBuffer };
  uniformPendingDisposal: GPUBuffer[];
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  uploadToGPU(dataId: object): void;
  makeTensorInfo(shape: number[], dtype: tf.DataType): GpuTensorInfo;
  incRef(dataId: object): void;
  refCount(dataId: object): number;
}

/** A kernel: a complete WGSL module with entry point `main`, and the key it is compiled under. */
export interface GpuKernel {
  key: string;
  code: () => string;
}

const pipelines = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();
const stableUniforms = new WeakMap<GPUDevice, Map<string, GPUBuffer>>();

function pipelineFor(device: GPUDevice, kernel: GpuKernel): GPUComputePipeline {
  let byKey = pipelines.get(device);
  if (!byKey) pipelines.set(device, (byKey = new Map()));
  let p = byKey.get(kernel.key);
  if (!p) {
    const module = device.createShaderModule({ code: kernel.code(), label: kernel.key });
    p = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' }, label: kernel.key });
    byKey.set(kernel.key, p);
  }
  return p;
}

/** The keys of the pipelines the studio's kernels have compiled on the backend's device. */
export function compiledKernelKeys(backend: WebGpuBackend): string[] {
  return [...(pipelines.get(backend.device)?.keys() ?? [])];
}

/** Whether `kernel` is already compiled for the backend's device. */
export function isCompiled(backend: WebGpuBackend, kernel: GpuKernel): boolean {
  return pipelines.get(backend.device)?.has(kernel.key) ?? false;
}

/**
 * A uniform buffer holding `words` (32-bit each: write floats through a Float32Array view of the same
 * buffer). Stable contents (shapes, sizes) are kept per device and reused by every later dispatch with the
 * same words; per-step contents (learning rates) get a pooled buffer freed at the next submit.
 */
function uniformBuffer(backend: WebGpuBackend, words: Uint32Array, stable: boolean): GPUBuffer {
  const size = Math.max(16, Math.ceil(words.byteLength / 16) * 16);
  const usage = GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST;
  const padded = new Uint32Array(size / 4);
  padded.set(words);
  if (!stable) {
    const b = backend.bufferManager.acquireBuffer(size, usage);
    backend.queue.writeBuffer(b, 0, padded);
    backend.uniformPendingDisposal.push(b);
    return b;
  }
  let cache = stableUniforms.get(backend.device);
  if (!cache) stableUniforms.set(backend.device, (cache = new Map()));
  const key = padded.join(',');
  let b = cache.get(key);
  if (!b) {
    // A bounded cache: shapes seen in a session are few; a pathological caller cannot grow it forever.
    if (cache.size > 4096) {
      for (const old of cache.values()) old.destroy();
      cache.clear();
    }
    b = backend.device.createBuffer({ size, usage });
    backend.queue.writeBuffer(b, 0, padded);
    cache.set(key, b);
  }
  return b;
}

/** The GPU buffer behind a tensor (uploaded first if its values are still on the CPU). */
export function bufferOf(backend: WebGpuBackend, t: GpuTensorInfo): GPUBuffer {
  backend.uploadToGPU(t.dataId);
  const r = backend.tensorMap.get(t.dataId).resource;
  if (!(r instanceof GPUBuffer)) throw new Error('a studio WebGPU kernel got a tensor that is not in a GPU buffer');
  return r;
}

/**
 * Puts tensors whose values are still on the CPU into GPU buffers. tfjs runs a small op on the CPU while all
 * its inputs are there and on the GPU (through a pipeline of its own) once one is not: a step's update moves
 * the trained tensors to the GPU, and a warm-up before it must see them where the steps will.
 */
export function placeOnGpu(backend: WebGpuBackend, tensors: { dataId: object }[]): void {
  for (const t of tensors) backend.uploadToGPU(t.dataId);
}

/** New float32 tensors (buffers allocated, contents undefined: the kernel writes every element). */
export function newOutputs(backend: WebGpuBackend, shapes: number[][]): GpuTensorInfo[] {
  return shapes.map((s) => {
    const t = backend.makeTensorInfo(s, 'float32');
    backend.uploadToGPU(t.dataId);
    return t;
  });
}

export interface Dispatch {
  kernel: GpuKernel;
  /** Bound in order at @binding(0..): tensors, or raw buffers the caller owns. */
  buffers: (GpuTensorInfo | GPUBuffer)[];
  /** 32-bit uniform words, bound after the buffers; `stableUniforms` false for per-step values. */
  uniforms: Uint32Array;
  stableUniforms?: boolean;
  workgroups: [number, number, number];
}

/** Encodes one dispatch into tfjs's pending compute pass (submitting when tfjs would). */
export function dispatch(backend: WebGpuBackend, d: Dispatch): void {
  // Past the device's limit the pipeline is invalid and every program of the submit silently does nothing.
  if (d.buffers.length > backend.device.limits.maxStorageBuffersPerShaderStage) throw new Error(`${d.kernel.key} binds ${d.buffers.length} storage buffers; the device allows ${backend.device.limits.maxStorageBuffersPerShaderStage}`);
  const pipeline = pipelineFor(backend.device, d.kernel);
  const entries: GPUBindGroupEntry[] = d.buffers.map((b, i) => {
    if (b instanceof GPUBuffer) return { binding: i, resource: { buffer: b } };
    const buffer = bufferOf(backend, b);
    backend.commandQueueOwnedIds.add(b.dataId);
    return { binding: i, resource: { buffer } };
  });
  entries.push({ binding: d.buffers.length, resource: { buffer: uniformBuffer(backend, d.uniforms, d.stableUniforms ?? true) } });
  const bindGroup = backend.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
  backend.ensureCommandEncoderReady();
  if (!backend.computePassEncoder) backend.computePassEncoder = backend.commandEncoder!.beginComputePass({});
  const pass = backend.computePassEncoder;
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(...d.workgroups);
  backend.dispatchCountInPass += 1;
  if (backend.activeTimers) {
    // tf.profile: no timestamp queries for these; the wall time per kernel is what the profile shows
    backend.endComputePassEncoder();
    backend.activeTimers.push({ name: d.kernel.key, query: Promise.resolve(0) });
  } else if ((tf.env().get('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE') as number) <= backend.dispatchCountInPass) {
    backend.endComputePassEncoder();
    backend.submitQueue();
  }
}

/** Workgroups for `n` flat groups within the per-dimension limit: [x, y, 1] with x * y >= n. */
export function grid(n: number): [number, number, number] {
  const x = Math.min(n, 32768);
  return [x, Math.ceil(n / x), 1];
}

/** WGSL: the flat workgroup index under grid(). */
export const FLAT_GROUP = 'wid.x + wid.y * nwg.x';

/** WGSL: `wgSum(v, lid)`, a sum of `v` over a workgroup of `wg` threads (every thread calls it and gets the sum). */
export function workgroupSum(wg: number): string {
  return `
var<workgroup> red : array<f32, ${wg}>;
fn wgSum(v : f32, lid : u32) -> f32 {
  workgroupBarrier();
  red[lid] = v;
  workgroupBarrier();
  for (var k = ${wg / 2}u; k > 0u; k = k >> 1u) {
    if (lid < k) { red[lid] = red[lid] + red[lid + k]; }
    workgroupBarrier();
  }
  return red[0];
}`;
}

/** The active backend as the WebGPU backend, or null. */
export function webGpuBackend(): WebGpuBackend | null {
  return tf.getBackend() === 'webgpu' ? (tf.backend() as unknown as WebGpuBackend) : null;
}

/** Float32 bits of `x`, for a uniform word. */
export function f32bits(x: number): number {
  const b = new Float32Array([x]);
  return new Uint32Array(b.buffer)[0];
}

/** The optional features the browser's WebGPU adapter reports (shader-f16, subgroups, ...), sorted. */
export async function adapterFeatures(): Promise<string[]> {
  const gpu = (globalThis.navigator as Navigator & { gpu?: GPU }).gpu;
  const adapter = await gpu?.requestAdapter().catch(() => null);
  return adapter ? [...adapter.features].sort() : [];
}
