// A Hugging Face hub that behaves like the real one, on two local origins (tests only): the hub answers
// the tree API (files with sizes, LFS files with their real size) and serves small files itself; large
// (LFS) files answer 302 to a second origin, the storage host, which serves the bytes with CORS and Range,
// as the real hub's storage hosts do. A file can be cut midway once to test resuming across the redirect.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Repo id -> file name -> its bytes. */
export type TestRepos = Record<string, Record<string, Uint8Array>>;

export interface HubRequest {
  host: 'hub' | 'storage';
  method: string;
  path: string;
  range: string | null;
}

export interface TestHub {
  hubOrigin: string;
  storageOrigin: string;
  requests: HubRequest[];
  /** The next full download of this file from the storage host breaks off after half its bytes. */
  cutOnce(file: string): void;
  close(): Promise<void>;
}

const LFS = /\.(bin|safetensors|h5|msgpack|onnx)$/;
const CORS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'content-length, content-range, accept-ranges, etag' };

/** A model folder on disk as a test repository, plus extra files (e.g. stand-ins for tf_model.h5). */
export function repoFromFolder(dir: string, extra: Record<string, Uint8Array> = {}): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const f of readdirSync(dir)) files[f] = new Uint8Array(readFileSync(join(dir, f)));
  return { ...files, ...extra };
}

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; origin: string }> {
  const server = createServer(handler);
  // Idle keep-alive sockets stay open: a client reusing one the server had timed out would see a reset.
  server.keepAliveTimeout = 0;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

export async function startTestHub(repos: TestRepos): Promise<TestHub> {
  const requests: HubRequest[] = [];
  const cut = new Set<string>();
  const find = (repo: string, file: string) => repos[repo]?.[file];

  const storage = await listen((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const range = req.headers.range ?? null;
    requests.push({ host: 'storage', method: req.method ?? 'GET', path: url.pathname, range });
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...CORS, 'access-control-allow-headers': 'range', 'access-control-allow-methods': 'GET, HEAD' }).end();
      return;
    }
    // /lfs/<owner>/<name>/<file>
    const m = /^\/lfs\/([^/]+\/[^/]+)\/(.+)$/.exec(decodeURIComponent(url.pathname));
    const body = m && find(m[1], m[2]);
    if (!body) {
      res.writeHead(404, CORS).end('NoSuchKey');
      return;
    }
    const from = range ? Number(/^bytes=(\d+)-$/.exec(range)?.[1] ?? NaN) : 0;
    if (range && !(from >= 0 && from < body.length)) {
      res.writeHead(416, { ...CORS, 'content-range': `bytes */${body.length}` }).end();
      return;
    }
    const head = range ? { status: 206, 'content-range': `bytes ${from}-${body.length - 1}/${body.length}` } : { status: 200 };
    res.writeHead(head.status, { ...CORS, 'accept-ranges': 'bytes', 'content-length': String(body.length - from), ...('content-range' in head ? { 'content-range': head['content-range'] } : {}) });
    if (!range && m && cut.delete(m[2])) {
      // Half the bytes, then the connection drops.
      res.write(body.subarray(0, body.length >> 1), () => res.destroy());
      return;
    }
    res.end(body.subarray(from));
  });

  const hub = await listen((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname);
    requests.push({ host: 'hub', method: req.method ?? 'GET', path, range: req.headers.range ?? null });
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...CORS, 'access-control-allow-headers': 'range', 'access-control-allow-methods': 'GET, HEAD' }).end();
      return;
    }
    const tree = /^\/api\/models\/([^/]+\/[^/]+)\/tree\/([^/]+)$/.exec(path);
    if (tree) {
      const files = repos[tree[1]];
      if (!files) {
        res.writeHead(404, { ...CORS, 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Repository not found' }));
        return;
      }
      const listing = Object.entries(files).map(([p, b]) => ({
        type: 'file', oid: `oid-${p}`, path: p, size: b.length,
        ...(LFS.test(p) ? { lfs: { oid: `sha256-${p}`, size: b.length, pointerSize: 134 } } : {}),
      }));
      res.writeHead(200, { ...CORS, 'content-type': 'application/json' }).end(JSON.stringify(listing));
      return;
    }
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/[^/]+\/(.+)$/.exec(path);
    const body = resolve && find(resolve[1], resolve[2]);
    if (!resolve || !body) {
      res.writeHead(404, { ...CORS, 'x-error-code': resolve && repos[resolve[1]] ? 'EntryNotFound' : 'RepoNotFound' }).end('Entry not found');
      return;
    }
    if (LFS.test(resolve[2])) {
      res.writeHead(302, { ...CORS, location: `${storageOrigin}/lfs/${resolve[1]}/${encodeURIComponent(resolve[2])}`, 'x-linked-size': String(body.length) }).end();
      return;
    }
    res.writeHead(200, { ...CORS, 'content-length': String(body.length) }).end(body);
  });
  const storageOrigin = storage.origin;

  return {
    hubOrigin: hub.origin,
    storageOrigin,
    requests,
    cutOnce: (file) => void cut.add(file),
    close: () => Promise.all([hub.server, storage.server].map((s) => new Promise<void>((r) => {
      s.close(() => r());
      s.closeAllConnections();
    }))).then(() => undefined),
  };
}
