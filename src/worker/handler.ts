// Dispatches protocol requests to the session and posts exactly one reply per request. Runs without a
// Worker (tests give it a `post` function), so the whole protocol is testable in Node.
import type { Envelope, ReplyMap, Request, WorkerMessage } from '../protocol/messages';
import { assertNever } from '../protocol/messages';
import { parseTrainConfig } from '../protocol/config-fields';
import { deleteCachedModel, hubSource, listCachedModels } from '../hub/hf-hub';
import { PRESETS } from '../hub/dataset-presets';
import type { ProjectManager } from './project';
import { memorySource, type FileSource } from '../hub/file-source';
import { deleteLocalModel, listLocalModels, localModelSource, storeLocalModel } from '../hub/local-models';
import { checkWeightsListed } from '../hub/model-bundle';
import { hubModelFacts } from './model-facts';
import type { EngineSession } from './session';
import { exportTorchProject } from './export-torch';
import type { TorchModelSource } from '../train/export-torch/torch-project';

export type Post = (msg: WorkerMessage, transfer?: Transferable[]) => void;

export interface HandlerDeps {
  session: EngineSession;
  post: Post;
  chooseBackend: (choice: Extract<Request, { type: 'init' }>['backend']) => Promise<ReplyMap['init']>;
  project: ProjectManager;
  fetchImpl?: typeof fetch;
  cacheStorage?: CacheStorage;
}

export function createHandler(deps: HandlerDeps) {
  const { session, post, project } = deps;
  const fetchImpl = deps.fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const requireStorage = (): CacheStorage => {
    if (!deps.cacheStorage) throw new Error('this browser offers no storage for model folders: pick or drop the folder again');
    return deps.cacheStorage;
  };
  /** Where the loaded model came from, as an exported project names it (no local paths). */
  let modelSource: TorchModelSource = { kind: 'folder', name: 'model' };

  // Requests that replace or add to the dataset take turns: an import that arrives while the project is
  // still opening (a drop right after the page loads) waits for it, instead of being wiped by its restore.
  let datasetTurn: Promise<unknown> = Promise.resolve();
  function inTurn<T>(f: () => Promise<T>): Promise<T> {
    const p = datasetTurn.then(f);
    datasetTurn = p.catch(() => undefined);
    return p;
  }

  /** Files of the next import that came ahead of it ('stage-files'). */
  const staged: Parameters<typeof session.importFiles>[0] = [];

  /** Imports files and persists the new images with the project. */
  async function importAndSave(files: Parameters<typeof session.importFiles>[0]) {
    const before = new Set(session.dataset.samples.map((s) => s.id));
    const summary = await session.importFiles(files);
    project.savedImport(summary.samples.filter((s) => !before.has(s.id)));
    return summary;
  }

  async function run(req: Request): Promise<{ result: unknown; transfer?: Transferable[] }> {
    switch (req.type) {
      case 'init':
        session.backend = await deps.chooseBackend(req.backend);
        return { result: session.backend };
      case 'load-model': {
        if (!session.backend) session.backend = await deps.chooseBackend('auto');
        const source = req.source;
        let src: FileSource;
        if (source.kind === 'hub') src = hubSource(source.repo, { revision: source.revision, fetchImpl, cacheStorage: deps.cacheStorage });
        else if (source.kind === 'stored') src = await localModelSource(requireStorage(), source.key);
        else src = memorySource(source.name ? `the model folder “${source.name}”` : 'the dropped model folder', source.files);
        await checkWeightsListed(src); // what the repository holds, before any download
        const info = await session.loadModel(src);
        modelSource = source.kind === 'hub' ? { kind: 'hub', repo: source.repo, revision: source.revision ?? 'main' } : { kind: 'folder', name: 'model' };
        if (source.kind === 'stored') {
          const kept = (await listLocalModels(requireStorage())).find((m) => m.key === source.key);
          if (kept) info.stored = kept;
        } else if (source.kind === 'files' && deps.cacheStorage) {
          // Kept like a hub download, so a reload (or a run to resume) finds the model without the folder.
          try {
            info.stored = await storeLocalModel(deps.cacheStorage, source.name, source.files);
          } catch (e) {
            info.storeError = e instanceof Error ? e.message : String(e);
          }
        }
        return { result: info };
      }
      case 'model-facts': {
        // What fits and how fast depend on the backend: choose (and measure) it first, as a load would.
        if (!session.backend) session.backend = await deps.chooseBackend('auto');
        const src = hubSource(req.repo, { revision: req.revision, fetchImpl, cacheStorage: deps.cacheStorage });
        return { result: await hubModelFacts(src, session.backend, Math.max(2, session.dataset.classes.length)) };
      }
      case 'stage-files':
        staged.push(...req.files);
        return { result: staged.length };
      case 'import-files': {
        const files = staged.length ? [...staged.splice(0), ...req.files] : req.files;
        return { result: await inTurn(() => importAndSave(files)) };
      }
      case 'set-dataset':
        session.dataset.update(req.classes, req.samples);
        project.savedDataset();
        return { result: { samples: req.samples.length, classes: req.classes.length } };
      case 'set-prompts':
        return { result: await session.checkPrompts(req.prompts) };
      case 'train':
        return { result: await session.runs.train(req.runId, parseTrainConfig(req.config), req.resume) };
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
      case 'export-torch': {
        const files = await exportTorchProject(session, req.runId, req.includeImages, modelSource);
        return { result: files, transfer: files.map((f) => f.bytes) };
      }
      case 'open-project':
        return { result: await inTurn(() => project.open(req.projectId)) };
      case 'list-projects':
        return { result: await project.list() };
      case 'delete-project':
        await project.remove(req.projectId);
        return { result: null };
      case 'save-ui-state':
        project.saveUi(req.ui, req.name);
        await project.flush(); // the reply means written (or the 'storage' event said why not)
        return { result: null };
      case 'export-project': {
        const { name, bytes } = await project.exportZip();
        const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        return { result: { name, bytes: buf }, transfer: [buf] };
      }
      case 'import-project':
        return { result: await inTurn(() => project.importZip(new Uint8Array(req.bytes))) };
      case 'list-cached-models': {
        if (!deps.cacheStorage) return { result: [] };
        const folders = (await listLocalModels(deps.cacheStorage)).map((m) => ({ repo: m.key, bytes: m.bytes, folder: m.name }));
        return { result: [...(await listCachedModels(deps.cacheStorage)), ...folders] };
      }
      case 'delete-cached-model':
        if (deps.cacheStorage) await (req.folder ? deleteLocalModel(deps.cacheStorage, req.repo) : deleteCachedModel(deps.cacheStorage, req.repo));
        return { result: null };
      case 'list-presets':
        return { result: PRESETS.map(({ id, title, description, source }) => ({ id, title, description, source })) };
      case 'load-preset': {
        const preset = PRESETS.find((p) => p.id === req.presetId);
        if (!preset) throw new Error(`no dataset preset "${req.presetId}"`);
        const data = await preset.load({
          fetchImpl,
          cacheStorage: deps.cacheStorage,
          onProgress: (done, total, detail) => session.emit({ type: 'progress', progress: { phase: 'download', done, total, detail } }),
        });
        const summary = await inTurn(() => importAndSave(data.files.map((f) => ({ path: f.path, blob: new Blob([f.bytes as Uint8Array<ArrayBuffer>]) }))));
        const samples = summary.samples.map((s) => (data.groups.has(s.path) ? { ...s, group: data.groups.get(s.path) } : s));
        session.dataset.update(summary.classes, samples);
        project.savedDataset();
        return { result: { ...summary, samples } };
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
