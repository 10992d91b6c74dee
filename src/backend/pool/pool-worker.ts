// The browser's pool helper: a module Worker (backend/select.ts spawns it) that says whether it is ready,
// then serves its slot (pool-helper.ts).
import { helperCheck, serve } from './pool-helper';
import type { HelperInit } from './pool-control';

self.onmessage = (e: MessageEvent<HelperInit>) => {
  const check = helperCheck(e.data);
  postMessage(check);
  if (!('ready' in check)) return;
  // Leave the handler first so 'ready' is on its way before the thread blocks.
  setTimeout(() => {
    serve(e.data);
    close();
  }, 0);
};
