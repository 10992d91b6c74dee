// Benchmark page: each task in a fresh module Worker; the preprocess pool; seeding Cache Storage.
import { hubUrl, MODEL_CACHE } from '../../src/hub/hf-hub';
import type { BenchReply, BenchTask, PreprocessTask } from './tasks';

declare global {
  interface Window {
    runBench(task: BenchTask): Promise<BenchReply>;
    runPreprocess(task: PreprocessTask): Promise<{ done: number; of: number; ms: number; failed: string[] }>;
    seedModelCache(repo: string, files: string[], from: string): Promise<number>;
  }
}

window.runBench = (task) =>
  new Promise((resolve) => {
    const worker = new Worker(new URL('./bench-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<BenchReply>) => {
      worker.terminate();
      resolve(e.data);
    };
    worker.onerror = (e) => {
      worker.terminate();
      resolve({ ok: false, error: `worker error: ${e.message}`, rows: [] });
    };
    worker.postMessage(task);
  });

function ask<T>(w: Worker, msg: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    w.onmessage = (e) => resolve(e.data as T);
    w.onerror = (e) => reject(new Error(e.message));
    w.postMessage(msg);
  });
}

window.runPreprocess = async ({ urls, workers, capMs }) => {
  const blobs = await Promise.all(urls.map(async (u) => (await fetch(u)).blob()));
  const pool = Array.from({ length: workers }, () => new Worker(new URL('./preprocess-worker.ts', import.meta.url), { type: 'module' }));
  await Promise.all(pool.map((w) => ask(w, 'ping')));
  const t0 = performance.now();
  const deadline = Date.now() + capMs;
  const res = await Promise.all(pool.map((w, i) => ask<{ done: number; failed: string[] }>(w, { blobs: blobs.filter((_, j) => j % workers === i), deadline })));
  const ms = performance.now() - t0;
  pool.forEach((w) => w.terminate());
  return { done: res.reduce((a, r) => a + r.done, 0), of: blobs.length, ms, failed: res.flatMap((r) => r.failed) };
};

window.seedModelCache = async (repo, files, from) => {
  const cache = await caches.open(MODEL_CACHE);
  let bytes = 0;
  for (const f of files) {
    const res = await fetch(`${from}/${f}`);
    if (!res.ok) throw new Error(`cannot fetch ${from}/${f}: HTTP ${res.status}`);
    const body = await res.blob();
    bytes += body.size;
    await cache.put(hubUrl(repo, f), new Response(body, { headers: { 'content-length': String(body.size) } }));
  }
  return bytes;
};
