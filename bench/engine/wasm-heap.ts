// The WASM backend's heap size, for error notes: its memory cannot grow past 4 GB (wasm32), and an
// allocation beyond that aborts the module ("RuntimeError: Aborted()"), which no later call survives.
import * as tf from '@tensorflow/tfjs-core';

export function wasmHeapMB(): number | null {
  const b = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  return b?.wasm?.HEAPU8 ? Math.round(b.wasm.HEAPU8.length / 1e6) : null;
}

/** Explains a WASM abort in words (the raw message says only "Aborted()"). */
export function explainAbort(e: unknown): unknown {
  const msg = e instanceof Error ? e.message : String(e);
  // A heap that cannot grow shows up as an abort, as a bad access once an allocation came back null, or
  // (under tf.profile, whose timer swallows the kernel's throw) as a TypeError on the missing outputs.
  const heap = wasmHeapMB();
  if (!/Aborted\(|memory access out of bounds/.test(msg) && !(heap !== null && heap >= 4200)) return e;
  return new Error(`${msg.split('. ')[0]}: out of WASM memory (heap ${heap ?? '?'} MB of the 4,295 MB wasm32 maximum; tensors held ${Math.round(tf.memory().numBytes / 1e6)} MB)`);
}
