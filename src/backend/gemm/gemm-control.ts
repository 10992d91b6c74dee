// The control block shared by the calling thread and its GEMM helpers: one slot of Int32 per helper
// holding a sequence number (bumped to post a call), the sequence it finished, its status and the call.
import { CALL_FIELDS, type GemmCall } from './gemm-call';

export const SLOT = 32;
export const SEQ = 0;
export const DONE = 1;
export const STATUS = 2;
const FIELDS = 3;
/** Sequence number that tells a helper to stop. */
export const STOP = -1;

export function writeCall(ctl: Int32Array, slot: number, call: GemmCall): void {
  CALL_FIELDS.forEach((f, i) => (ctl[slot * SLOT + FIELDS + i] = call[f]));
}

export function readCall(ctl: Int32Array, slot: number): GemmCall {
  const call = {} as GemmCall;
  CALL_FIELDS.forEach((f, i) => (call[f] = ctl[slot * SLOT + FIELDS + i]));
  return call;
}

/** What a helper is sent once: the compiled module, the memory it works in, its slot and scratch. */
export interface HelperInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  slot: number;
  scratch: number;
}
