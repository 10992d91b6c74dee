// Files of a Hugging Face repository, fetched in the worker with progress, resumed with HTTP Range after a
// dropped connection, size-checked, and kept in Cache Storage so a second visit (or no network) needs no
// download. Requests go to huggingface.co, for the repository the user chose, and to the storage host its
// large (LFS) files redirect to: fetch follows the 302 and a Range request is redirected the same way.
// Before any download the repository's file list (with sizes) comes from the hub's tree API.
import { blobReaders, type FileSource, type SourceFile } from './file-source';

export const HUB_ORIGIN = 'https://huggingface.co';
export const MODEL_CACHE = 'proreg-models-v1';

export class HubError extends Error {
  constructor(
    readonly code: 'gated' | 'not-found' | 'offline' | 'quota' | 'http' | 'size-mismatch',
    message: string,
  ) {
    super(message);
    this.name = 'HubError';
  }
}

export function hubUrl(repo: string, file: string, revision = 'main'): string {
  return `${HUB_ORIGIN}/${repo}/resolve/${encodeURIComponent(revision)}/${file}`;
}

/** Validates "owner/name" (what the hub accepts), so a typo is reported before any request. */
export function checkRepoId(repo: string): string {
  const r = repo.trim();
  if (!/^[A-Za-z0-9][\w.-]*\/[\w.-]+$/.test(r)) throw new HubError('not-found', `"${repo}" is not a Hugging Face model id (expected owner/name, e.g. openai/clip-vit-base-patch32)`);
  return r;
}

interface HubOptions {
  revision?: string;
  fetchImpl?: typeof fetch;
  /** Cache Storage, when the environment has it. */
  cacheStorage?: CacheStorage;
  /** Attempts per file after a dropped connection. */
  retries?: number;
}

async function fetchOrOffline(f: typeof fetch, url: string, init?: RequestInit): Promise<Response> {
  try {
    return await f(url, init);
  } catch {
    throw new HubError('offline', `cannot reach huggingface.co (no network?) while fetching ${url.split('/resolve/')[1] ?? url}; models you loaded before still work offline`);
  }
}

/** The hub's file listing of a repository at a revision: GET /api/models/{repo}/tree/{revision}. */
export function hubTreeUrl(repo: string, revision = 'main'): string {
  return `${HUB_ORIGIN}/api/models/${repo}/tree/${encodeURIComponent(revision)}`;
}

interface TreeEntry { type?: string; path?: string; size?: number; lfs?: { size?: number } }

/**
 * The files at the top of a repository with their sizes (an LFS file's size is its real size, not its
 * pointer's), following the `Link: <...>; rel="next"` pages the hub uses for long listings. The listing is
 * kept in Cache Storage like the files, so an offline visit knows what it has.
 */
export async function listHubFiles(repoId: string, opts: HubOptions = {}): Promise<SourceFile[]> {
  const repo = checkRepoId(repoId);
  const revision = opts.revision ?? 'main';
  const f = opts.fetchImpl ?? fetch.bind(globalThis);
  const first = hubTreeUrl(repo, revision);
  const cache = await opts.cacheStorage?.open(MODEL_CACHE);
  const hit = await cache?.match(first);
  if (hit) return (await hit.json()) as SourceFile[];
  const files: SourceFile[] = [];
  for (let url: string | null = first; url;) {
    const res = await fetchOrOffline(f, url);
    if (res.status === 401 || res.status === 403) throw new HubError('gated', `${repo} is gated or private (HTTP ${res.status}): accept its licence on huggingface.co, or drop the model folder instead`);
    if (res.status === 404) throw new HubError('not-found', `${repo} is not on huggingface.co (no such repository, or no revision "${revision}"): check the model id`);
    if (!res.ok) throw new HubError('http', `huggingface.co answered HTTP ${res.status} to the file listing of ${repo}`);
    const page = (await res.json()) as TreeEntry[];
    if (!Array.isArray(page)) throw new HubError('http', `huggingface.co sent a file listing of ${repo} that is not a list`);
    for (const e of page) if (e.type === 'file' && typeof e.path === 'string') files.push({ path: e.path, size: e.lfs?.size ?? e.size ?? 0 });
    url = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
  }
  await cache?.put(first, new Response(JSON.stringify(files), { headers: { 'content-type': 'application/json' } })).catch(() => undefined);
  return files;
}

/** Downloads one file with progress, resuming from the bytes already received when the stream breaks. */
async function download(f: typeof fetch, url: string, file: string, repo: string, retries: number, onProgress?: (loaded: number, total: number) => void): Promise<Blob | null> {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let loaded = 0;
  let total = 0;
  for (let attempt = 0; attempt <= retries; attempt++) {
    const res = await fetchOrOffline(f, url, loaded > 0 ? { headers: { Range: `bytes=${loaded}-` } } : undefined);
    if (res.status === 404) return null;
    if (res.status === 401 || res.status === 403) throw new HubError('gated', `${repo} is gated or private (HTTP ${res.status}): accept its licence on huggingface.co, or drop the model folder instead`);
    if (!res.ok) throw new HubError('http', `huggingface.co answered HTTP ${res.status} for ${repo}/${file}`);
    if (loaded > 0 && res.status !== 206) {
      // The server ignored Range: start over.
      chunks.length = 0;
      loaded = 0;
    }
    const len = Number(res.headers.get('content-length') ?? 0);
    if (loaded === 0) total = len;
    if (!res.body) {
      const b = new Uint8Array(await res.arrayBuffer()) as Uint8Array<ArrayBuffer>;
      chunks.push(b);
      loaded += b.length;
    } else {
      const reader = res.body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          chunks.push(value);
          loaded += value.length;
          onProgress?.(loaded, total);
        }
      } catch {
        if (attempt < retries) continue; // connection dropped: resume with Range
        throw new HubError('offline', `the download of ${repo}/${file} broke off at ${loaded} of ${total} bytes`);
      }
    }
    if (total && loaded !== total) {
      if (attempt < retries) continue;
      throw new HubError('size-mismatch', `${repo}/${file}: received ${loaded} bytes, expected ${total}`);
    }
    onProgress?.(loaded, loaded);
    // A Blob of the chunks, not one concatenated array: a 600 MB file is never in memory twice.
    return new Blob(chunks);
  }
  throw new HubError('offline', `the download of ${repo}/${file} kept breaking off`);
}

export function hubSource(repoId: string, opts: HubOptions = {}): FileSource {
  const repo = checkRepoId(repoId);
  const revision = opts.revision ?? 'main';
  const f = opts.fetchImpl ?? fetch.bind(globalThis);
  const retries = opts.retries ?? 5;
  const cacheP = opts.cacheStorage?.open(MODEL_CACHE);
  let listing: Promise<SourceFile[]> | null = null;
  let listed: Set<string> | null = null;

  /** The file from Cache Storage, else downloaded and cached; null when the repository lacks it. */
  async function blob(file: string, onProgress?: (loaded: number, total: number) => void): Promise<Blob | null> {
    // Once the listing is known, a file it lacks costs no request.
    if (listed && !listed.has(file)) return null;
    const url = hubUrl(repo, file, revision);
    const cache = await cacheP;
    const hit = await cache?.match(url);
    if (hit) {
      if (hit.headers.get('x-proreg-missing') === '1') return null;
      const b = await hit.blob();
      onProgress?.(b.size, b.size);
      return b;
    }
    const got = await download(f, url, file, repo, retries, onProgress);
    if (!cache) return got;
    try {
      // Absent optional files are remembered too, so an offline visit does not try the network for them.
      await cache.put(url, new Response(got ?? '', { headers: got ? { 'x-proreg-bytes': String(got.size) } : { 'x-proreg-missing': '1' } }));
    } catch (e) {
      if (e instanceof DOMException && e.name === 'QuotaExceededError') {
        throw new HubError('quota', `browser storage is full: ${repo}/${file} (${((got?.size ?? 0) / 1e6).toFixed(0)} MB) cannot be cached. Delete cached models or free disk space`);
      }
      throw e;
    }
    // The cached copy lives on disk: read it from there rather than keep the download in memory.
    return got ? ((await (await cache.match(url))?.blob()) ?? got) : null;
  }

  return {
    label: repo,
    ...blobReaders(blob),
    list() {
      listing ??= listHubFiles(repo, { ...opts, fetchImpl: f }).then((files) => {
        listed = new Set(files.map((x) => x.path));
        return files;
      }, (e: unknown) => {
        listing = null; // a later try (back online) asks again
        throw e;
      });
      return listing;
    },
  };
}

/** Cached models: repo id -> bytes stored. */
export async function listCachedModels(cacheStorage: CacheStorage): Promise<{ repo: string; bytes: number }[]> {
  const cache = await cacheStorage.open(MODEL_CACHE);
  const sizes = new Map<string, number>();
  for (const req of await cache.keys()) {
    const m = /^https:\/\/huggingface\.co\/(.+?)\/resolve\//.exec(req.url);
    if (!m) continue;
    const res = await cache.match(req);
    const n = Number(res?.headers.get('x-proreg-bytes') ?? 0);
    sizes.set(m[1], (sizes.get(m[1]) ?? 0) + n);
  }
  return [...sizes].map(([repo, bytes]) => ({ repo, bytes }));
}

export async function deleteCachedModel(cacheStorage: CacheStorage, repo: string): Promise<void> {
  const cache = await cacheStorage.open(MODEL_CACHE);
  for (const req of await cache.keys()) {
    if (req.url.startsWith(`${HUB_ORIGIN}/${repo}/resolve/`) || req.url.startsWith(`${HUB_ORIGIN}/api/models/${repo}/tree/`)) await cache.delete(req);
  }
}
