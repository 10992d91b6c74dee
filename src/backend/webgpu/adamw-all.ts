// AdamW over every trained tensor of a step in a few WebGPU programs (ProRegAdamWAll): the tensors'
// p, m, v and g are copied side by side into flat buffers (buffer copies, not programs), one program per
// chunk of up to CHUNK elements updates them in place, and the results are copied out into new tensors.
// The per-tensor fused kernel (optim/adamw-webgpu.ts) is one program per tensor: 154 for ViT-B/32.
// Inside a chunk every tensor starts at a multiple of the workgroup size, so a workgroup looks up its
// tensor's scalars (1 - lr * weight decay, lr / (1 - beta1^t)) once. The arithmetic is the same as the
// per-tensor kernel's (torch.optim.AdamW's, see train/optimizer.ts).
import * as tf from '@tensorflow/tfjs-core';
import { adamwScalars, type FusedAdamWAttrs } from '../optim/adamw-scalars';
import { bufferOf, dispatch, f32bits, FLAT_GROUP, grid, newOutputs, type GpuKernel, type GpuTensorInfo, type WebGpuBackend } from './dispatch';

export const ADAMW_ALL = 'ProRegAdamWAll';

/** Attributes: the shared scalars, and per tensor i (inputs p{i}, m{i}, v{i}, g{i}) its lr and decay. */
export interface AdamWAllAttrs extends Omit<FusedAdamWAttrs, 'lr' | 'weightDecay'> {
  lrs: number[];
  weightDecays: number[];
  /** Elements per program (default CHUNK; tests set a small one to cover several chunks). */
  chunk?: number;
}

const WG = 256;
/** Elements per chunk: 4 flat buffers of 16 M floats (256 MB) at most. */
const CHUNK = 16 * 1024 * 1024;

/** The program's pipeline label. */
export const ADAMW_KERNEL = 'proreg_adamw_all';

const kernel: GpuKernel = {
  key: ADAMW_KERNEL,
  code: () => `
struct U { beta1 : f32, beta2 : f32, c1 : f32, c2 : f32, invSqrtBc2 : f32, eps : f32, n : u32, pad : u32 };
@group(0) @binding(0) var<storage, read_write> P : array<f32>;
@group(0) @binding(1) var<storage, read_write> M : array<f32>;
@group(0) @binding(2) var<storage, read_write> V : array<f32>;
@group(0) @binding(3) var<storage, read> G : array<f32>;
@group(0) @binding(4) var<storage, read> seg : array<u32>;
@group(0) @binding(5) var<storage, read> scal : array<vec2<f32>>;
@group(0) @binding(6) var<uniform> u : U;
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid : u32, @builtin(workgroup_id) wid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>) {
  let w = ${FLAT_GROUP};
  let i = w * ${WG}u + lid;
  if (i >= u.n) { return; }
  let s = scal[seg[w]]; // (keep, stepSize)
  let g = G[i];
  let m1 = u.beta1 * M[i] + u.c1 * g;
  let v1 = u.beta2 * V[i] + u.c2 * g * g;
  M[i] = m1;
  V[i] = v1;
  P[i] = s.x * P[i] - s.y * m1 / (sqrt(v1) * u.invSqrtBc2 + u.eps);
}`,
};

interface Chunk {
  /** Tensor indices in this chunk and their element offsets in the flat buffers. */
  members: number[];
  offsets: number[];
  length: number;
  seg: GPUBuffer;
}

interface Layout {
  flats: GPUBuffer[];
  chunks: Chunk[];
}

const layouts = new WeakMap<GPUDevice, Map<string, Layout>>();

/** Tensor indices per program for tensors of `sizes` elements, chunks of at most `limit` (the greedy packing
 * the kernel uses: each tensor padded to the workgroup size, a new chunk when the next does not fit). */
export function packChunks(sizes: number[], limit = CHUNK): { members: number[]; offsets: number[]; length: number }[] {
  const chunks: { members: number[]; offsets: number[]; length: number }[] = [];
  let cur = { members: [] as number[], offsets: [] as number[], length: 0 };
  sizes.forEach((n, i) => {
    const padded = Math.ceil(n / WG) * WG;
    if (cur.length + padded > limit && cur.members.length) {
      chunks.push(cur);
      cur = { members: [], offsets: [], length: 0 };
    }
    cur.members.push(i);
    cur.offsets.push(cur.length);
    cur.length += padded;
  });
  if (cur.members.length) chunks.push(cur);
  return chunks;
}

function layoutFor(backend: WebGpuBackend, sizes: number[], limit: number): Layout {
  const key = `${limit}:${sizes.join(',')}`;
  let byKey = layouts.get(backend.device);
  if (!byKey) layouts.set(backend.device, (byKey = new Map()));
  let l = byKey.get(key);
  if (l) return l;
  // A new parameter list: earlier layouts' flat buffers are freed (one training run at a time).
  for (const old of byKey.values()) {
    old.flats.forEach((b) => b.destroy());
    old.chunks.forEach((c) => c.seg.destroy());
  }
  byKey.clear();
  const chunks: Chunk[] = packChunks(sizes, limit).map((c) => {
    const segs = new Uint32Array(Math.max(1, c.length / WG));
    c.members.forEach((i, k) => segs.fill(k, c.offsets[k] / WG, (c.offsets[k] + Math.ceil(sizes[i] / WG) * WG) / WG));
    const seg = backend.device.createBuffer({ size: segs.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    backend.queue.writeBuffer(seg, 0, segs);
    return { ...c, seg };
  });
  const longest = Math.max(...chunks.map((c) => c.length));
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  l = { flats: [0, 1, 2, 3].map(() => backend.device.createBuffer({ size: longest * 4, usage })), chunks };
  byKey.set(key, l);
  return l;
}

function copy(backend: WebGpuBackend, from: GPUBuffer, fromOffset: number, to: GPUBuffer, toOffset: number, elements: number): void {
  backend.ensureCommandEncoderReady();
  backend.endComputePassEncoder();
  backend.commandEncoder!.copyBufferToBuffer(from, fromOffset * 4, to, toOffset * 4, elements * 4);
}

export function adamwAll(backend: WebGpuBackend, inputs: Record<string, GpuTensorInfo>, attrs: AdamWAllAttrs): GpuTensorInfo[] {
  const count = attrs.lrs.length;
  const at = (k: string, i: number) => inputs[`${k}${i}`];
  const sizes = Array.from({ length: count }, (_, i) => at('p', i).shape.reduce((a, b) => a * b, 1));
  const outs = newOutputs(backend, sizes.flatMap((_, i) => [at('p', i).shape, at('p', i).shape, at('p', i).shape]));
  const layout = layoutFor(backend, sizes, attrs.chunk ?? CHUNK);
  const [P, M, V, G] = layout.flats;
  const s0 = adamwScalars({ ...attrs, lr: 0, weightDecay: 0 });
  for (const chunk of layout.chunks) {
    chunk.members.forEach((i, k) => {
      ['p', 'm', 'v', 'g'].forEach((name, f) => {
        const t = at(name, i);
        copy(backend, bufferOf(backend, t), 0, layout.flats[f], chunk.offsets[k], sizes[i]);
        backend.commandQueueOwnedIds.add(t.dataId);
      });
    });
    // (keep, stepSize) per tensor of the chunk: per-step values, in a buffer freed at the next submit
    const scal = new Float32Array(Math.max(4, chunk.members.length * 2));
    chunk.members.forEach((i, k) => {
      const s = adamwScalars({ ...attrs, lr: attrs.lrs[i], weightDecay: attrs.weightDecays[i] });
      scal[2 * k] = s.keep;
      scal[2 * k + 1] = s.stepSize;
    });
    const scalBuf = backend.bufferManager.acquireBuffer(scal.byteLength, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
    backend.queue.writeBuffer(scalBuf, 0, scal);
    backend.uniformPendingDisposal.push(scalBuf);
    const uniforms = new Uint32Array([f32bits(s0.beta1), f32bits(s0.beta2), f32bits(s0.c1), f32bits(s0.c2), f32bits(s0.invSqrtBc2), f32bits(s0.eps), chunk.length, 0]);
    dispatch(backend, { kernel, buffers: [P, M, V, G, chunk.seg, scalBuf], uniforms, stableUniforms: false, workgroups: grid(chunk.length / WG) });
    chunk.members.forEach((i, k) => {
      [P, M, V].forEach((flat, f) => {
        const o = outs[3 * i + f];
        copy(backend, flat, chunk.offsets[k], bufferOf(backend, o), 0, sizes[i]);
        backend.commandQueueOwnedIds.add(o.dataId);
      });
    });
  }
  return outs;
}

let registered = false;

/** Registers ProRegAdamWAll for WebGPU (train/optimizer.ts uses it where the backend has it). */
export function registerWebGpuAdamWAll(): void {
  if (registered) return;
  tf.registerKernel({
    kernelName: ADAMW_ALL,
    backendName: 'webgpu',
    kernelFunc: (({ inputs, backend, attrs }: { inputs: Record<string, GpuTensorInfo>; backend: WebGpuBackend; attrs: AdamWAllAttrs }) => adamwAll(backend, inputs, attrs)) as unknown as tf.KernelFunc,
  });
  registered = true;
}
