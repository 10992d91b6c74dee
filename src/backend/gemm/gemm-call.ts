// One GEMM request and how it is shared between threads. Pure: no workers, no memory.
import { MR, NR, type GEMM } from './gemm-wasm';
import type { CallArgs } from '../wasm/pass';

/**
 * C = A·B for `batches` matrices: the fields of a pool task, in their order in the control block. Pointers
 * and batch strides (sa, sb, sc) in bytes; row/column strides in elements; `bias` the byte offset of a
 * bias[n] added to every row, 0 for none (shared by all matrices).
 */
export const GEMM_CALL = ['a', 'rsA', 'csA', 'b', 'rsB', 'csB', 'c', 'ldc', 'm', 'n', 'k', 'batches', 'sa', 'sb', 'sc', 'bias'] as const;
export type GemmCall = Record<(typeof GEMM_CALL)[number], number>;

/** The generated GEMM, called by parameter name. */
export type GemmExport = (args: CallArgs<typeof GEMM.params>) => void;

/** Runs every matrix of `call` on this thread. */
export function runCall(gemm: GemmExport, call: GemmCall, scratch: number): void {
  const { a, rsA, csA, b, rsB, csB, c, ldc, m, n, k, sa, sb, sc, bias } = call;
  if (m <= 0 || n <= 0 || k <= 0) return;
  for (let i = 0; i < call.batches; i++) gemm({ a: a + i * sa, rsA, csA, b: b + i * sb, rsB, csB, c: c + i * sc, ldc, m, n, k, scratch, bias });
}

/** Splits `total` into `parts` contiguous ranges whose boundaries are multiples of `step`. */
export function ranges(total: number, parts: number, step: number): [number, number][] {
  const units = Math.ceil(total / step);
  const out: [number, number][] = [];
  for (let p = 0; p < parts; p++) {
    const from = Math.min(total, Math.round((units * p) / parts) * step);
    const to = Math.min(total, Math.round((units * (p + 1)) / parts) * step);
    if (to > from) out.push([from, to]);
  }
  return out;
}

/**
 * Up to `parts` calls covering `call`: by matrices when there are enough of them, else by columns in
 * whole 8-wide panels (each thread packs only its own columns of B), else by rows.
 */
export function splitCall(call: GemmCall, parts: number, panel = NR, rowStep = MR): GemmCall[] {
  if (parts <= 1) return [call];
  if (call.batches >= parts) {
    return ranges(call.batches, parts, 1).map(([from, to]) => ({
      ...call,
      a: call.a + from * call.sa,
      b: call.b + from * call.sb,
      c: call.c + from * call.sc,
      batches: to - from,
    }));
  }
  if (call.n >= parts * 2 * panel || call.m < parts * rowStep) {
    return ranges(call.n, parts, panel).map(([from, to]) => ({ ...call, b: call.b + from * call.csB * 4, c: call.c + from * 4, n: to - from, bias: call.bias && call.bias + from * 4 }));
  }
  return ranges(call.m, parts, rowStep).map(([from, to]) => ({ ...call, a: call.a + from * call.rsA * 4, c: call.c + from * call.ldc * 4, m: to - from }));
}
