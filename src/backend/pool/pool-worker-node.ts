// Node's pool helper: a worker_threads entry that says whether it is ready, then serves its slot
// (pool-helper.ts). Node's tfjs WASM heap is not shared memory, so the CLI runs the pool on one thread;
// this entry runs the same helper code over a shared memory under Node (pool.test.ts).
import { parentPort } from 'node:worker_threads';
import { helperCheck, serve } from './pool-helper';
import type { HelperInit } from './pool-control';

const port = parentPort!;
port.once('message', (init: HelperInit) => {
  const check = helperCheck(init);
  port.postMessage(check);
  if (!('ready' in check)) return;
  // Leave the handler first so 'ready' is on its way before the thread blocks.
  setTimeout(() => {
    serve(init);
    port.close();
  }, 0);
});
