// Dispatches protocol requests to the session and posts exactly one reply per request. Runs without a
// Worker (tests give it a `post` function), so the whole protocol is testable in Node.
import type { Envelope, ReplyMap, Request, WorkerMessage } from '../protocol/messages';
import { assertNever } from '../protocol/messages';
import { hubSource } from '../hub/hf-hub';
import { memorySource } from '../hub/file-source';
import type { EngineSession } from './session';

export type Post = (msg: WorkerMessage, transfer?: Transferable[]) => void;

export interface HandlerDeps {
  session: EngineSession;
  post: Post;
  chooseBackend: (choice: Extract<Request, { type: 'init' }>['backend']) => Promise<ReplyMap['init']>;
  fetchImpl?: typeof fetch;
  cacheStorage?: CacheStorage;
}

export function createHandler(deps: HandlerDeps) {
  const { session, post } = deps;

  async function run(req: Request): Promise<{ result: unknown; transfer?: Transferable[] }> {
    switch (req.type) {
      case 'init':
        session.backend = await deps.chooseBackend(req.backend);
        return { result: session.backend };
      case 'load-model': {
        if (!session.backend) session.backend = await deps.chooseBackend('auto');
        const src = req.source.kind === 'hub'
          ? hubSource(req.source.repo, { revision: req.source.revision, fetchImpl: deps.fetchImpl, cacheStorage: deps.cacheStorage })
          : memorySource('the dropped model folder', req.source.files);
        return { result: await session.loadModel(src) };
      }
      case 'import-files':
        return { result: await session.importFiles(req.files) };
      case 'set-dataset':
        session.dataset.update(req.classes, req.samples);
        return { result: { samples: req.samples.length, classes: req.classes.length } };
      case 'set-prompts':
        return { result: await session.checkPrompts(req.prompts) };
      case 'train':
        return { result: await session.runs.train(req.runId, req.config, req.resume) };
      case 'pause':
        session.runs.control?.pause();
        if (session.runs.activeRunId) session.emit({ type: 'state', runId: session.runs.activeRunId, state: 'paused' });
        return { result: null };
      case 'resume':
        session.runs.control?.resume();
        if (session.runs.activeRunId) session.emit({ type: 'state', runId: session.runs.activeRunId, state: 'running' });
        return { result: null };
      case 'stop':
        session.runs.control?.stop();
        if (session.runs.activeRunId) session.emit({ type: 'state', runId: session.runs.activeRunId, state: 'stopping' });
        return { result: null };
      case 'evaluate': {
        const r = session.runs.get(req.runId);
        if (!r.final) throw new Error(`run ${req.runId} has not finished`);
        return { result: r.final };
      }
      case 'sweep':
        return { result: await session.runs.sweep(req.runId, req.alphas) };
      case 'sample-probs':
        return { result: await session.runs.sampleProbs(req.runId, req.sampleId) };
      case 'export-model': {
        const files = await session.runs.exportModel(req.runId);
        return { result: files, transfer: files.map((f) => f.bytes) };
      }
      default:
        return assertNever(req);
    }
  }

  return async function handle(env: Envelope): Promise<void> {
    try {
      const { result, transfer } = await run(env.request);
      post({ type: 'reply', id: env.id, ok: true, result }, transfer);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      post({ type: 'reply', id: env.id, ok: false, error: { name: err.name, message: err.message } });
    }
  };
}
