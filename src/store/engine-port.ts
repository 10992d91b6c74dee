// The surface of the engine the store needs: EngineClient satisfies it; tests pass a fake with canned replies.
import type { ReplyMap, Request, WorkerEvent } from '../protocol/messages';

export type RequestOf<T extends Request['type']> = Extract<Request, { type: T }>;

export interface EnginePort {
  request<T extends Request['type']>(
    request: RequestOf<T>,
    opts?: { signal?: AbortSignal; transfer?: Transferable[] },
  ): Promise<ReplyMap[T]>;
  onEvent(listener: (e: WorkerEvent) => void): () => void;
}

/** True for the rejection of a request cancelled through its AbortSignal. */
export function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

/** What the user reads: the message alone, never the exception's class name ("HubError: ..."). */
export function errorText(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/^(?:[A-Z][A-Za-z]*(?:Error|Exception)|Error):\s*/, '');
}
