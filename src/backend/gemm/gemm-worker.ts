// A pool helper thread: instantiates the module over the shared memory, says ready, then blocks on its
// slot of the control block and runs each task posted there.
import { DONE, SEQ, SLOT, STATUS, STOP, readTask, type HelperInit } from './gemm-control';
import { runTask, taskExports } from './pool-task';

function serve(init: HelperInit): void {
  const exports = taskExports(new WebAssembly.Instance(init.module, { env: { memory: init.memory } }).exports);
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
      runTask(exports, readTask(ctl, init.slot), init.scratch);
    } catch {
      status = 1;
    }
    ctl[base + STATUS] = status;
    Atomics.store(ctl, base + DONE, seq);
    Atomics.notify(ctl, base + DONE);
  }
  close();
}

self.onmessage = (e: MessageEvent<HelperInit>) => {
  try {
    new WebAssembly.Instance(e.data.module, { env: { memory: e.data.memory } });
  } catch (err) {
    postMessage({ error: String(err) });
    return;
  }
  postMessage({ ready: true });
  // Leave the handler first so 'ready' is on its way before the thread blocks.
  setTimeout(() => serve(e.data), 0);
};
