// The main thread's proxy of the engine worker: typed requests that resolve with their reply, take an
// AbortSignal, and a subscription to the worker's pushed events. Knows nothing about tfjs.
import type { Envelope, ReplyMap, Request, WorkerEvent, WorkerMessage } from '../protocol/messages';

type RequestOf<T extends Request['type']> = Extract<Request, { type: T }>;

export class EngineError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  addEventListener(type: 'error', listener: (e: ErrorEvent) => void): void;
  terminate(): void;
}

export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Set<(e: WorkerEvent) => void>();

  constructor(private readonly worker: WorkerLike) {
    worker.addEventListener('message', (e: MessageEvent) => this.receive(e.data as WorkerMessage));
    worker.addEventListener('error', (e: ErrorEvent) => {
      const err = new EngineError('WorkerError', `the engine worker crashed: ${e.message || 'unknown error'}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    });
  }

  request<T extends Request['type']>(request: RequestOf<T>, opts: { signal?: AbortSignal; transfer?: Transferable[] } = {}): Promise<ReplyMap[T]> {
    const id = this.nextId++;
    return new Promise<ReplyMap[T]>((resolve, reject) => {
      if (opts.signal?.aborted) {
        reject(new EngineError('AbortError', 'cancelled'));
        return;
      }
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      opts.signal?.addEventListener('abort', () => {
        if (this.pending.delete(id)) reject(new EngineError('AbortError', 'cancelled'));
      });
      const envelope: Envelope = { id, request };
      this.worker.postMessage(envelope, opts.transfer ?? []);
    });
  }

  onEvent(listener: (e: WorkerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  terminate(): void {
    this.worker.terminate();
  }

  private receive(msg: WorkerMessage): void {
    if (msg.type === 'event') {
      for (const l of this.listeners) l(msg.event);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new EngineError(msg.error.name, msg.error.message));
  }
}

/** The real engine worker (a module worker bundled by Vite). */
export function createEngineWorker(): Worker {
  return new Worker(new URL('../worker/entry.ts', import.meta.url), { type: 'module', name: 'proreg-engine' });
}
