// The work a pool thread runs: a GEMM, a range of attention pairs, or a range of rows of one of the
// generated row passes the registered kernels bring, each over the pool module's exports.
import { runAttention, runAttentionGrad, type AttentionCall, type AttentionExports } from '../attention/attention-call';
import { SOFTMAX_ROWS, SOFTMAX_ROWS_GRAD } from '../attention/softmax-wasm';
import { ranges, runCall, type GemmCall } from '../gemm/gemm-call';
import { GEMM } from '../gemm/gemm-wasm';
import { bind, type ParamKind } from '../wasm/pass';

/** What a helper thread is told of each pass of the module: its export and its parameters' kinds. */
export interface PassLayout {
  name: string;
  kinds: readonly ParamKind[];
}

export interface RowsCall {
  /** The pass: its index in the pool's list. */
  pass: number;
  /** Positional arguments for all rows (the rows argument is replaced per range). */
  values: number[];
  /** Bytes each argument moves on per row: 0 for scalars and shared operands (LayerNorm's g and b). */
  strides: number[];
  from: number;
  to: number;
}

export type Task = { op: 'gemm'; call: GemmCall } | { op: 'attention' | 'attentionGrad'; call: AttentionCall } | { op: 'rows'; call: RowsCall };

type RowFn = (...args: number[]) => void;
export interface PoolExports extends AttentionExports {
  /** The row passes by index, with the position of their rows argument. */
  rows: { fn: RowFn; rowsArg: number }[];
}

/** The module's exports the tasks need. */
export function taskExports(e: WebAssembly.Exports, passes: readonly PassLayout[]): PoolExports {
  return {
    gemm: bind(GEMM, e),
    softmaxRows: bind(SOFTMAX_ROWS, e),
    softmaxRowsGrad: bind(SOFTMAX_ROWS_GRAD, e),
    rows: passes.map((p) => ({ fn: e[p.name] as RowFn, rowsArg: p.kinds.indexOf('rows') })),
  };
}

function runRows(x: PoolExports, call: RowsCall): void {
  const { fn, rowsArg } = x.rows[call.pass];
  const args = call.values.map((a, i) => a + call.from * call.strides[i]);
  args[rowsArg] = call.to - call.from;
  if (call.to > call.from) fn(...args);
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
