// Test support: a fake engine with canned replies that records requests, (no DOM needed).
// Only tests import this; the app always talks to the real worker.
import type { ReplyMap, Request, WorkerEvent } from '../../protocol/messages';
import type { EnginePort, RequestOf } from '../engine-port';

type Handler<T extends Request['type']> = (req: RequestOf<T>, signal?: AbortSignal) => ReplyMap[T] | Promise<ReplyMap[T]>;

export class FakeEngine implements EnginePort {
  readonly requests: Request[] = [];
  private readonly listeners = new Set<(e: WorkerEvent) => void>();
  private readonly handlers: { [K in Request['type']]?: Handler<K> } = {};

  on<T extends Request['type']>(type: T, handler: Handler<T>): this {
    (this.handlers as Record<string, unknown>)[type] = handler;
    return this;
  }

  request<T extends Request['type']>(request: RequestOf<T>, opts: { signal?: AbortSignal } = {}): Promise<ReplyMap[T]> {
    this.requests.push(request);
    const h = this.handlers[request.type] as Handler<T> | undefined;
    if (!h) return Promise.reject(Object.assign(new Error(`no canned reply for ${request.type}`), { name: 'FakeError' }));
    return new Promise<ReplyMap[T]>((resolve, reject) => {
      opts.signal?.addEventListener('abort', () => reject(Object.assign(new Error('cancelled'), { name: 'AbortError' })));
      Promise.resolve()
        .then(() => h(request, opts.signal))
        .then(resolve, reject);
    });
  }

  onEvent(listener: (e: WorkerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(e: WorkerEvent): void {
    for (const l of this.listeners) l(e);
  }

  sent<T extends Request['type']>(type: T): RequestOf<T>[] {
    return this.requests.filter((r): r is RequestOf<T> => r.type === type);
  }
}
