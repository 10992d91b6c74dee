// The engine worker's entry: real backends, the browser's image decoder, Cache Storage for models.
import { chooseBackend } from '../backend/select';
import { decodeImageBlob } from '../data/decode-browser';
import type { Envelope, WorkerMessage } from '../protocol/messages';
import { ProjectDb } from '../persist/project-db';
import { deleteViewsOf, idbViewStore, viewScope } from '../persist/view-store-idb';
import { createHandler } from './handler';
import { ProjectManager } from './project';
import { EngineSession } from './session';
import { browserPool } from './preprocess-pool';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: WorkerMessage, transfer: Transferable[] = []) => scope.postMessage(msg, transfer);
const session = new EngineSession(
  (event, transfer) => post({ type: 'event', event }, transfer),
  (bytes, name) => decodeImageBlob(new Blob([bytes as Uint8Array<ArrayBuffer>]), name),
);
session.pool = browserPool();
session.views = { open: (projectId, preprocess) => idbViewStore(viewScope(projectId, preprocess)), drop: deleteViewsOf };
const project = new ProjectManager(session, () => ProjectDb.open());
const handle = createHandler({ session, post, chooseBackend, project, cacheStorage: typeof caches !== 'undefined' ? caches : undefined });
scope.addEventListener('message', (e: MessageEvent<Envelope>) => void handle(e.data));
