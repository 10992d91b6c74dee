// The control block shared by the calling thread and its pool helpers: one slot of Int32 per helper
// holding a sequence number (bumped to post a task), the sequence it finished, its status and the task:
// an operation code and its fields (a row pass's f32 scalars stored as float bits).
import { ATTENTION_FIELDS } from './attention-call';
import { CALL_FIELDS } from './gemm-call';
import { ROW_ARGS, ROW_PASS_NAMES, ROW_PASSES, type RowsCall, type Task } from './pool-task';

export const SLOT = 48;
export const SEQ = 0;
export const DONE = 1;
export const STATUS = 2;
const OP = 3;
const FIELDS = 4;
/** Sequence number that tells a helper to stop. */
export const STOP = -1;

const OPS = ['gemm', 'attention', 'attentionGrad', 'rows'] as const;

function writeRows(ctl: Int32Array, at: number, call: RowsCall): void {
  if (call.args.length > ROW_ARGS || call.strides.length !== call.args.length) throw new Error(`row pass ${call.pass}: ${call.args.length} arguments and ${call.strides.length} strides (at most ${ROW_ARGS}, one stride each)`);
  const f32 = new Float32Array(ctl.buffer);
  const floatsFrom = ROW_PASSES[call.pass].floatsFrom;
  ctl[at] = ROW_PASS_NAMES.indexOf(call.pass);
  ctl[at + 1] = call.from;
  ctl[at + 2] = call.to;
  ctl[at + 3] = call.args.length;
  call.args.forEach((a, i) => (i < floatsFrom ? (ctl[at + 4 + i] = a) : (f32[at + 4 + i] = a)));
  call.strides.forEach((s, i) => (ctl[at + 4 + ROW_ARGS + i] = s));
}

function readRows(ctl: Int32Array, at: number): RowsCall {
  const f32 = new Float32Array(ctl.buffer);
  const pass = ROW_PASS_NAMES[ctl[at]];
  const n = ctl[at + 3];
  const floatsFrom = ROW_PASSES[pass].floatsFrom;
  const args = Array.from({ length: n }, (_, i) => (i < floatsFrom ? ctl[at + 4 + i] : f32[at + 4 + i]));
  const strides = Array.from({ length: n }, (_, i) => ctl[at + 4 + ROW_ARGS + i]);
  return { pass, from: ctl[at + 1], to: ctl[at + 2], args, strides };
}

export function writeTask(ctl: Int32Array, slot: number, task: Task): void {
  const at = slot * SLOT + FIELDS;
  ctl[slot * SLOT + OP] = OPS.indexOf(task.op);
  if (task.op === 'rows') return writeRows(ctl, at, task.call);
  const call = task.call as unknown as Record<string, number>;
  (task.op === 'gemm' ? CALL_FIELDS : ATTENTION_FIELDS).forEach((f, i) => (ctl[at + i] = call[f]));
}

export function readTask(ctl: Int32Array, slot: number): Task {
  const at = slot * SLOT + FIELDS;
  const op = OPS[ctl[slot * SLOT + OP]];
  if (op === 'rows') return { op, call: readRows(ctl, at) };
  const call: Record<string, number> = {};
  (op === 'gemm' ? CALL_FIELDS : ATTENTION_FIELDS).forEach((f, i) => (call[f] = ctl[at + i]));
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
