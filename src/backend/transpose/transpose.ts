// A faster Transpose for the WASM backend. Training transposes every weight matrix in each backward pass
// (WASM's matMul with transposeB is 10-25x slower than transposing first), and tfjs's WASM kernel moves one
// element at a time in row order: ~10 ns per element for ViT-B/32's [3072,768] weights. Copying in tiles
// from JavaScript over the same heap is ~3x faster. Handled: any permutation that, once size-1 axes are
// dropped and axes that stay neighbours are merged, swaps two axes between a batch and an inner block:
// [B,R,C,K] -> [B,C,R,K] (2-D transposes, [0,2,1], the attention heads' [0,2,1,3] and [0,2,3,1]); and any
// permutation that keeps a last axis of 8 or more elements last (the patch grid), copied in runs of it.
// Others go to tfjs's own kernel.
import { heapOutput, heapView, overrideWasmKernel, type Info } from '../tfjs-adapter';
import type { WasmKernel } from '../wasm/host-kernel';

/** Drops size-1 axes and merges input axes that stay adjacent in the output. */
export function simplifyPermutation(shape: number[], perm: number[]): { shape: number[]; perm: number[] } {
  const index: number[] = [];
  let next = 0;
  for (let i = 0; i < shape.length; i++) index.push(shape[i] === 1 ? -1 : next++);
  let s = shape.filter((d) => d !== 1);
  let p = perm.filter((d) => shape[d] !== 1).map((d) => index[d]);
  for (let j = 0; j + 1 < p.length; ) {
    if (p[j + 1] !== p[j] + 1) {
      j++;
      continue;
    }
    const d = p[j];
    s = [...s.slice(0, d), s[d] * s[d + 1], ...s.slice(d + 2)];
    p = p.filter((_, i) => i !== j + 1).map((x) => (x > d ? x - 1 : x));
  }
  return { shape: s, perm: p };
}

/** [B,R,C,K] of the simplified transpose when it is a swap of two axes, else null. */
export function swapGeometry(shape: number[], perm: number[]): [number, number, number, number] | null {
  const { shape: s, perm: p } = simplifyPermutation(shape, perm);
  const key = p.join(',');
  if (key === '1,0') return [1, s[0], s[1], 1];
  if (key === '0,2,1') return [s[0], s[1], s[2], 1];
  if (key === '1,0,2') return [1, s[0], s[1], s[2]];
  if (key === '0,2,1,3') return [s[0], s[1], s[2], s[3]];
  return null;
}

const TILE = 64;

/** out[b,c,r,:] = x[b,r,c,:]. */
export function swapAxes(src: ArrayLike<number>, dst: { [i: number]: number }, B: number, R: number, C: number, K: number): void {
  for (let b = 0; b < B; b++) {
    const base = b * R * C * K;
    if (K === 1) {
      for (let r0 = 0; r0 < R; r0 += TILE) {
        const r1 = Math.min(R, r0 + TILE);
        for (let c0 = 0; c0 < C; c0 += TILE) {
          const c1 = Math.min(C, c0 + TILE);
          for (let r = r0; r < r1; r++) {
            const row = base + r * C;
            for (let c = c0; c < c1; c++) dst[base + c * R + r] = src[row + c];
          }
        }
      }
    } else {
      for (let r = 0; r < R; r++) {
        for (let c = 0; c < C; c++) {
          const from = base + (r * C + c) * K;
          const to = base + (c * R + r) * K;
          for (let k = 0; k < K; k++) dst[to + k] = src[from + k];
        }
      }
    }
  }
}

/**
 * out = transpose(x) for a permutation that keeps the (simplified) last axis last: the patch grid's
 * [B,C,G,P,G,P] -> [B,G,G,C,P,P]. Copies runs of the last axis with TypedArray.set.
 */
export function permuteRuns(src: Float32Array | Int32Array | Uint8Array, dst: Float32Array | Int32Array | Uint8Array, shape: number[], perm: number[]): void {
  const r = shape.length;
  const run = shape[r - 1];
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const outShape = perm.map((d) => shape[d]);
  const idx = new Array<number>(r - 1).fill(0);
  for (let out = 0; out < dst.length; out += run) {
    let from = 0;
    for (let i = 0; i < r - 1; i++) from += idx[i] * strides[perm[i]];
    dst.set(src.subarray(from, from + run), out);
    for (let i = r - 2; i >= 0 && ++idx[i] === outShape[i]; i--) idx[i] = 0;
  }
}

/** Replaces WASM's Transpose with the tiled copy where it applies. */
function register(): void {
  overrideWasmKernel<{ x: Info }, { perm: number[] }>('Transpose', (original) => (args) => {
    const { x } = args.inputs;
    if (x.dtype === 'string' || x.dtype === 'complex64') return original(args);
    const geometry = swapGeometry(x.shape, args.attrs.perm);
    const simple = simplifyPermutation(x.shape, args.attrs.perm);
    const runs = !geometry && simple.perm.length > 1 && simple.perm[simple.perm.length - 1] === simple.perm.length - 1 && simple.shape[simple.shape.length - 1] >= 8;
    if (!geometry && !runs) return original(args);
    const out = heapOutput(args.backend, args.attrs.perm.map((d) => x.shape[d]), x.dtype);
    const [src, dst] = [heapView(args.backend, x), heapView(args.backend, out)];
    if (geometry) swapAxes(src, dst, ...geometry);
    else permuteRuns(src, dst, simple.shape, simple.perm);
    return out;
  });
}

export const transposeKernel: WasmKernel = { register };
