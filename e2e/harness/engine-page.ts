// Test-only page: forwards a check to a fresh module Worker and resolves with its answer.
export type Check = { kind: string; backend: string } & Record<string, unknown>;

declare global {
  interface Window {
    runEngineCheck(check: Check): Promise<unknown>;
  }
}

window.runEngineCheck = (check) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./engine-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<{ ok: boolean; result?: unknown; error?: string }>) => {
      worker.terminate();
      if (e.data.ok) resolve(e.data.result);
      else reject(new Error(e.data.error));
    };
    worker.onerror = (e) => reject(new Error(e.message));
    worker.postMessage(check);
  });
