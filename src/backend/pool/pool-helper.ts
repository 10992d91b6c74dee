// A pool helper thread, whatever runs it (a browser Worker: pool-worker.ts; Node's worker_threads:
// pool-worker-node.ts): instantiates the module over the shared memory, then blocks on its slot of the
// control block and runs each task posted there until told to stop.
import { DONE, SEQ, SLOT, STATUS, STOP, readTask, type HelperInit } from './pool-control';
import { runTask, taskExports } from './pool-task';

/** Whether the module instantiates over the memory here; the error's text where it does not. */
export function helperCheck(init: HelperInit): { ready: true } | { error: string } {
  try {
    new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
    return { ready: true };
  } catch (err) {
    return { error: String(err) };
  }
}

/** Serves the slot's tasks; returns when the pool posts STOP. */
export function serve(init: HelperInit): void {
  const exports = taskExports(new WebAssembly.Instance(init.module, { env: { memory: init.memory } }).exports, init.passes);
  const ctl = new Int32Array(init.control);
  const base = init.slot * SLOT;
  let seen = 0;
  for (;;) {
    Atomics.wait(ctl, base + SEQ, seen);
    const seq = Atomics.load(ctl, base + SEQ);
    if (seq === seen) continue;
    if (seq === STOP) break;
    seen = seq;
    let status = 0;
    try {
      runTask(exports, readTask(ctl, init.slot, init.passes), init.scratch);
    } catch {
      status = 1;
    }
    ctl[base + STATUS] = status;
    Atomics.store(ctl, base + DONE, seq);
    Atomics.notify(ctl, base + DONE);
  }
}
