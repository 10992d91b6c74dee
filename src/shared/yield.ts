// Lets queued events (a Stop click, a page closing) run between steps. On WASM and CPU, awaiting tensor
// data resolves in a microtask, so a training loop would otherwise never return to the event loop.
export function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((r) => setTimeout(r, 0));
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}
