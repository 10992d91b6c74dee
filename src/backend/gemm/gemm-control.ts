// The control block shared by the calling thread and its pool helpers: one slot of Int32 per helper
// holding a sequence number (bumped to post a task), the sequence it finished, its status and the task:
// an operation code and its integer fields.
import { ATTENTION_FIELDS } from './attention-call';
import { CALL_FIELDS } from './gemm-call';
import type { Task } from './pool-task';

export const SLOT = 32;
export const SEQ = 0;
export const DONE = 1;
export const STATUS = 2;
const OP = 3;
const FIELDS = 4;
/** Sequence number that tells a helper to stop. */
export const STOP = -1;

const OPS = ['gemm', 'attention', 'attentionGrad'] as const;
const fieldsOf = (op: Task['op']): readonly string[] => (op === 'gemm' ? CALL_FIELDS : ATTENTION_FIELDS);

export function writeTask(ctl: Int32Array, slot: number, task: Task): void {
  ctl[slot * SLOT + OP] = OPS.indexOf(task.op);
  const call = task.call as unknown as Record<string, number>;
  fieldsOf(task.op).forEach((f, i) => (ctl[slot * SLOT + FIELDS + i] = call[f]));
}

export function readTask(ctl: Int32Array, slot: number): Task {
  const op = OPS[ctl[slot * SLOT + OP]];
  const call: Record<string, number> = {};
  fieldsOf(op).forEach((f, i) => (call[f] = ctl[slot * SLOT + FIELDS + i]));
  return { op, call } as unknown as Task;
}

/** What a helper is sent once: the compiled module, the memory it works in, its slot and scratch. */
export interface HelperInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  slot: number;
  scratch: number;
}
