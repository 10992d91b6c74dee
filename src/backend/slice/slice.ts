// Slice and SplitV for the WASM backend that read the heap in place. tfjs's Slice first copies the whole
// input out of the heap (readSync) for every slice it takes, and SplitV calls it once per piece: splitting
// attention's fused [B*N, 3D] projection into q, k, v cost ~26 ms at ViT-B/32 batch 8 (13 per step). Here
// each slice copies runs of contiguous elements with TypedArray.set. Strings go to tfjs's kernels.
import * as tf from '@tensorflow/tfjs-core';
import { heapOutput, heapView, overrideWasmKernel, type Info, type WasmBackendLike } from '../tfjs-adapter';
import type { WasmKernel } from '../wasm/host-kernel';

type Numeric = Float32Array | Int32Array | Uint8Array;

/** dst = src[begin : begin + size] of a row-major array of `shape`, copied in contiguous runs. */
export function sliceInto(src: Numeric, shape: number[], begin: number[], size: number[], dst: Numeric): void {
  const rank = shape.length;
  if (size.some((s) => s === 0)) return;
  if (rank === 0) {
    dst[0] = src[0];
    return;
  }
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  // axes after `d` are taken whole, so they and the part of axis d merge into one run
  let d = rank - 1;
  while (d > 0 && size[d] === shape[d]) d--;
  const run = size[d] * strides[d];
  const idx = new Array<number>(d).fill(0);
  for (let out = 0; out < dst.length; out += run) {
    let from = begin[d] * strides[d];
    for (let i = 0; i < d; i++) from += (begin[i] + idx[i]) * strides[i];
    dst.set(src.subarray(from, from + run), out);
    for (let i = d - 1; i >= 0 && ++idx[i] === size[i]; i--) idx[i] = 0;
  }
}

function slice(backend: WasmBackendLike, x: Info, begin: number[], size: number[]): Info {
  const out = heapOutput(backend, size, x.dtype);
  // views after the allocation: growing the heap would detach earlier ones
  sliceInto(heapView(backend, x), x.shape, begin, size, heapView(backend, out));
  return out;
}

/** Replaces WASM's Slice and SplitV. */
function register(): void {
  overrideWasmKernel<{ x: Info }, { begin: number[]; size: number[] }>('Slice', (original) => (args) => {
    const { x } = args.inputs;
    if (x.dtype === 'string') return original(args);
    const [begin, size] = tf.slice_util.parseSliceParams(x as never, args.attrs.begin, args.attrs.size);
    return slice(args.backend, x, begin, size);
  });
  overrideWasmKernel<{ x: Info }, { numOrSizeSplits: number[] | number; axis: number }>('SplitV', (original) => (args) => {
    const { x } = args.inputs;
    if (x.dtype === 'string') return original(args);
    const axis = tf.util.parseAxisParam(args.attrs.axis, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x as never, args.attrs.numOrSizeSplits, axis);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = x.shape.slice();
      size[axis] = s;
      const out = slice(args.backend, x, begin, size);
      begin[axis] += s;
      return out;
    });
  });
}

export const sliceKernel: WasmKernel = { register };
