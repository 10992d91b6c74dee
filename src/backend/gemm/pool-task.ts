// The work a pool thread runs: a GEMM, a range of attention pairs, or a range of rows of one of the
// generated row passes (quick_gelu, LayerNorm, AdamW), each over the pool module's exports.
import { runAttention, runAttentionGrad, type AttentionCall, type AttentionExports } from './attention-call';
import { ranges, runCall, type GemmCall } from './gemm-call';

/**
 * The row passes: which argument counts the rows and from which argument on they are f32 (scalars shared
 * by all rows). A pass over rows [from, to) moves each pointer argument on by from * its stride.
 */
export const ROW_PASSES = {
  gelu: { rowsArg: 2, floatsFrom: 3 }, // (x, y, groups of 4)
  geluGrad: { rowsArg: 3, floatsFrom: 4 }, // (x, dy, dx, groups of 4)
  layerNorm: { rowsArg: 6, floatsFrom: 8 }, // (x, g, b, y, xhat, rstd, rows, d, eps)
  layerNormGrad: { rowsArg: 6, floatsFrom: 8 }, // (dy, xhat, rstd, g, dx, dyx, rows, d)
  adamw: { rowsArg: 7, floatsFrom: 8 }, // (p, m, v, g, p1, m1, v1, groups of 4, ...8 scalars)
} as const;
export type RowPass = keyof typeof ROW_PASSES;
export const ROW_PASS_NAMES = Object.keys(ROW_PASSES) as RowPass[];
/** Most arguments a row pass takes. */
export const ROW_ARGS = 16;

export interface RowsCall {
  pass: RowPass;
  /** The arguments for all rows (the rows argument is replaced per range). */
  args: number[];
  /** Bytes each argument moves on per row: 0 for scalars and shared operands (LayerNorm's g and b). */
  strides: number[];
  from: number;
  to: number;
}

export type Task = { op: 'gemm'; call: GemmCall } | { op: 'attention' | 'attentionGrad'; call: AttentionCall } | { op: 'rows'; call: RowsCall };

type RowFn = (...args: number[]) => void;
export type PoolExports = AttentionExports & Record<RowPass, RowFn>;

/** The module's exports the tasks need. */
export function taskExports(e: WebAssembly.Exports): PoolExports {
  const out: Record<string, unknown> = { gemm: e.gemm, softmaxRows: e.softmaxRows, softmaxRowsGrad: e.softmaxRowsGrad };
  for (const name of ROW_PASS_NAMES) out[name] = e[name];
  return out as unknown as PoolExports;
}

function runRows(x: PoolExports, call: RowsCall): void {
  const args = call.args.map((a, i) => a + call.from * call.strides[i]);
  args[ROW_PASSES[call.pass].rowsArg] = call.to - call.from;
  if (call.to > call.from) x[call.pass](...args);
}

export function runTask(x: PoolExports, task: Task, scratch: number): void {
  switch (task.op) {
    case 'gemm':
      return runCall(x.gemm, task.call, scratch);
    case 'attention':
      return runAttention(x, task.call, scratch);
    case 'attentionGrad':
      return runAttentionGrad(x, task.call, scratch);
    case 'rows':
      return runRows(x, task.call);
  }
}

/** Up to `parts` calls covering `call`'s range [from, to) (attention pairs, rows) in contiguous pieces. */
export function splitRange<T extends { from: number; to: number }>(call: T, parts: number): T[] {
  return ranges(call.to - call.from, parts, 1).map(([from, to]) => ({ ...call, from: call.from + from, to: call.from + to }));
}
