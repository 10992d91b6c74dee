// The work a pool thread runs: a GEMM or a range of attention pairs, each over the module's exports.
import { runAttention, runAttentionGrad, type AttentionCall, type AttentionExports } from './attention-call';
import { runCall, type GemmCall } from './gemm-call';

export type Task = { op: 'gemm'; call: GemmCall } | { op: 'attention' | 'attentionGrad'; call: AttentionCall };

/** The module's exports a task needs. */
export function taskExports(e: WebAssembly.Exports): AttentionExports {
  return { gemm: e.gemm, softmaxRows: e.softmaxRows, softmaxRowsGrad: e.softmaxRowsGrad } as unknown as AttentionExports;
}

export function runTask(x: AttentionExports, task: Task, scratch: number): void {
  if (task.op === 'gemm') runCall(x.gemm, task.call, scratch);
  else if (task.op === 'attention') runAttention(x, task.call, scratch);
  else runAttentionGrad(x, task.call, scratch);
}
