// The control block shared by the calling thread and its pool helpers: one slot of Int32 per helper
// holding a sequence number (bumped to post a task), the sequence it finished, its status and the task:
// an operation code and its fields. A GEMM's and an attention range's fields are their call's, in the
// order of GEMM_CALL and ATTENTION_CALL; a row pass's are its index, its range, then its arguments and
// their per-row strides in the order of its pass description, f32 scalars stored as float bits.
import { ATTENTION_CALL } from '../attention/attention-call';
import { GEMM_CALL } from '../gemm/gemm-call';
import type { PassLayout, RowsCall, Task } from './pool-task';

export const SLOT = 48;
export const SEQ = 0;
export const DONE = 1;
export const STATUS = 2;
const OP = 3;
const FIELDS = 4;
/** Sequence number that tells a helper to stop. */
export const STOP = -1;
/** Most arguments a row pass takes. */
export const ROW_ARGS = 16;

const OPS = ['gemm', 'attention', 'attentionGrad', 'rows'] as const;

/** Refuses a pass the control block cannot carry. */
export function checkLayout(layout: PassLayout): void {
  if (layout.kinds.length > ROW_ARGS) throw new Error(`row pass ${layout.name}: ${layout.kinds.length} arguments (at most ${ROW_ARGS})`);
}

function writeRows(ctl: Int32Array, at: number, call: RowsCall, layouts: readonly PassLayout[]): void {
  const layout = layouts[call.pass];
  checkLayout(layout);
  if (call.values.length !== layout.kinds.length || call.strides.length !== layout.kinds.length) throw new Error(`row pass ${layout.name}: ${call.values.length} arguments and ${call.strides.length} strides for ${layout.kinds.length} parameters`);
  const f32 = new Float32Array(ctl.buffer);
  ctl[at] = call.pass;
  ctl[at + 1] = call.from;
  ctl[at + 2] = call.to;
  layout.kinds.forEach((kind, i) => {
    if (kind === 'f32') f32[at + 3 + i] = call.values[i];
    else ctl[at + 3 + i] = call.values[i];
    ctl[at + 3 + ROW_ARGS + i] = call.strides[i];
  });
}

function readRows(ctl: Int32Array, at: number, layouts: readonly PassLayout[]): RowsCall {
  const f32 = new Float32Array(ctl.buffer);
  const pass = ctl[at];
  const { kinds } = layouts[pass];
  const values = kinds.map((kind, i) => (kind === 'f32' ? f32[at + 3 + i] : ctl[at + 3 + i]));
  const strides = kinds.map((_, i) => ctl[at + 3 + ROW_ARGS + i]);
  return { pass, from: ctl[at + 1], to: ctl[at + 2], values, strides };
}

export function writeTask(ctl: Int32Array, slot: number, task: Task, layouts: readonly PassLayout[]): void {
  const at = slot * SLOT + FIELDS;
  ctl[slot * SLOT + OP] = OPS.indexOf(task.op);
  if (task.op === 'rows') return writeRows(ctl, at, task.call, layouts);
  const call = task.call as Record<string, number>;
  (task.op === 'gemm' ? GEMM_CALL : ATTENTION_CALL).forEach((f, i) => (ctl[at + i] = call[f]));
}

export function readTask(ctl: Int32Array, slot: number, layouts: readonly PassLayout[]): Task {
  const at = slot * SLOT + FIELDS;
  const op = OPS[ctl[slot * SLOT + OP]];
  if (op === 'rows') return { op, call: readRows(ctl, at, layouts) };
  const call: Record<string, number> = {};
  (op === 'gemm' ? GEMM_CALL : ATTENTION_CALL).forEach((f, i) => (call[f] = ctl[at + i]));
  return { op, call } as Task;
}

/** What a helper is sent once: the compiled module, the memory it works in, its slot, scratch and passes. */
export interface HelperInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  slot: number;
  scratch: number;
  passes: PassLayout[];
}
