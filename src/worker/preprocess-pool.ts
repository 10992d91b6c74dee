// A pool of preprocessing workers: decode + resize + crop in parallel, one job per worker at a time.
import type { PreprocessConfig } from '../data/preprocess';
import type { PreprocessJob, PreprocessResult } from './preprocess-jobs';

export class PreprocessPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { job: PreprocessJob; resolve: (u8: Uint8Array) => void; reject: (e: Error) => void }[] = [];
  private readonly pending = new Map<number, { resolve: (u8: Uint8Array) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor(size: number, makeWorker: () => Worker) {
    for (let i = 0; i < size; i++) {
      const w = makeWorker();
      w.addEventListener('message', (e: MessageEvent<PreprocessResult>) => {
        const p = this.pending.get(e.data.id);
        this.pending.delete(e.data.id);
        if (e.data.ok) p?.resolve(e.data.u8);
        else p?.reject(new Error(e.data.error));
        this.idle.push(w);
        this.pump();
      });
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  run(bytes: Uint8Array, name: string, cfg: PreprocessConfig): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      // The bytes stay with the dataset: the worker gets a copy.
      this.queue.push({ job: { id: this.nextId++, bytes: bytes.slice(), name, cfg }, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop()!;
      const { job, resolve, reject } = this.queue.shift()!;
      this.pending.set(job.id, { resolve, reject });
      w.postMessage(job, [job.bytes.buffer]);
    }
  }

  terminate(): void {
    for (const w of this.workers) w.terminate();
  }
}

/** Workers for the browser: cores minus one for the page and one for the engine, at least one. */
export function browserPool(): PreprocessPool {
  const n = Math.max(1, Math.min(8, (globalThis.navigator?.hardwareConcurrency ?? 2) - 1));
  return new PreprocessPool(n, () => new Worker(new URL('./preprocess-worker.ts', import.meta.url), { type: 'module', name: 'proreg-preprocess' }));
}
