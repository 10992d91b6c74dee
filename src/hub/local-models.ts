// Model folders the user dropped or picked, kept in Cache Storage like hub downloads, so a reload (or an
// interrupted run that wants its model back) does not need the folder picked again. Only what the loader
// reads is kept: config.json, the weights the studio would choose, the tokenizer and preprocessing files.
// Each folder is stored under a key made of its name and a hash of its config and file sizes; a manifest
// (name, files, bytes) is written last, so a folder cut short by a full disk is never listed.
import { blobReaders, type FileSource } from './file-source';
import { chooseWeights } from './weights-choice';

export const LOCAL_MODEL_CACHE = 'proreg-local-models-v1';
/** Cache keys must be http(s) URLs; nothing is ever fetched from this address. */
const BASE = 'https://local-models.proreg.invalid/';
const MANIFEST = '.manifest.json';
const SMALL_FILES = ['config.json', 'vocab.json', 'merges.txt', 'preprocessor_config.json', 'tokenizer_config.json', 'tokenizer.json', 'special_tokens_map.json'];

export interface StoredFolder {
  key: string;
  /** The folder's name as the browser gave it (or "model folder"). */
  name: string;
  bytes: number;
}

interface Manifest extends StoredFolder {
  files: { path: string; size: number }[];
  storedAt: number;
}

export class LocalModelError extends Error {
  constructor(readonly code: 'quota' | 'missing', message: string) {
    super(message);
    this.name = 'LocalModelError';
  }
}

const url = (key: string, file: string) => `${BASE}${encodeURIComponent(key)}/${encodeURIComponent(file)}`;
const mb = (n: number) => `${Math.max(1, Math.round(n / 1024 ** 2))} MB`;

/** The files of a folder the loader would read (extra weights, TensorFlow copies, notes are left out). */
export function filesToKeep(files: Record<string, Blob>): Record<string, Blob> {
  const listed = Object.entries(files).map(([path, b]) => ({ path, size: b.size }));
  const weights = chooseWeights(listed);
  const keep = new Set([...SMALL_FILES, ...(weights.format === 'none' ? [] : weights.files)]);
  return Object.fromEntries(Object.entries(files).filter(([path]) => keep.has(path)));
}

/** FNV-1a over the config's bytes and every kept file's name and size: the same folder gets the same key. */
async function folderKey(name: string, files: Record<string, Blob>): Promise<string> {
  let h = 0x811c9dc5;
  const mix = (bytes: Uint8Array) => {
    for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  };
  const config = files['config.json'];
  if (config) mix(new Uint8Array(await config.arrayBuffer()));
  for (const [path, b] of Object.entries(files).sort(([a], [c]) => a.localeCompare(c))) mix(new TextEncoder().encode(`${path}:${b.size};`));
  const slug = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'model';
  return `${slug}-${h.toString(16).padStart(8, '0')}`;
}

function isQuota(e: unknown): boolean {
  return e instanceof DOMException && (e.name === 'QuotaExceededError' || e.code === 22);
}

/**
 * Keeps a dropped folder's model files. Storing the same folder again replaces it. When the browser's storage
 * is full, what was written is removed again and the error says so (the model still loads for this visit).
 */
export async function storeLocalModel(storage: CacheStorage, name: string | undefined, dropped: Record<string, Blob>): Promise<StoredFolder> {
  const files = filesToKeep(dropped);
  const label = name ?? 'model folder';
  const key = await folderKey(label, files);
  const cache = await storage.open(LOCAL_MODEL_CACHE);
  await deleteLocalModel(storage, key);
  const entries = Object.entries(files);
  const bytes = entries.reduce((s, [, b]) => s + b.size, 0);
  try {
    for (const [path, blob] of entries) await cache.put(url(key, path), new Response(blob, { headers: { 'content-length': String(blob.size) } }));
    const manifest: Manifest = { key, name: label, bytes, files: entries.map(([path, b]) => ({ path, size: b.size })), storedAt: Date.now() };
    await cache.put(url(key, MANIFEST), new Response(JSON.stringify(manifest), { headers: { 'content-type': 'application/json' } }));
  } catch (e) {
    await deleteLocalModel(storage, key).catch(() => undefined);
    if (isQuota(e)) {
      throw new LocalModelError('quota', `browser storage is full: the model folder “${label}” (${mb(bytes)}) cannot be kept for the next visit. It is loaded for now; after a reload pick the folder again, or delete cached models (below) or free disk space and drop it again`);
    }
    throw e;
  }
  return { key, name: label, bytes };
}

async function manifests(storage: CacheStorage): Promise<Manifest[]> {
  const cache = await storage.open(LOCAL_MODEL_CACHE);
  const out: Manifest[] = [];
  for (const req of await cache.keys()) {
    if (!req.url.endsWith(`/${MANIFEST}`)) continue;
    try {
      out.push((await (await cache.match(req))!.json()) as Manifest);
    } catch {
      // an unreadable manifest: the folder is not listed (its files are removed with the next store or delete)
    }
  }
  return out.sort((a, b) => b.storedAt - a.storedAt);
}

export async function listLocalModels(storage: CacheStorage): Promise<StoredFolder[]> {
  return (await manifests(storage)).map(({ key, name, bytes }) => ({ key, name, bytes }));
}

export async function deleteLocalModel(storage: CacheStorage, key: string): Promise<void> {
  const cache = await storage.open(LOCAL_MODEL_CACHE);
  const prefix = `${BASE}${encodeURIComponent(key)}/`;
  for (const req of await cache.keys()) if (req.url.startsWith(prefix)) await cache.delete(req);
}

/** A stored folder as a source the loader reads like any other (files are Blobs backed by the disk). */
export async function localModelSource(storage: CacheStorage, key: string): Promise<FileSource> {
  const manifest = (await manifests(storage)).find((m) => m.key === key);
  if (!manifest) throw new LocalModelError('missing', 'the model folder this project used is no longer in browser storage (deleted, or cleared with the site data): pick or drop the folder again');
  const cache = await storage.open(LOCAL_MODEL_CACHE);
  const sizes = new Map(manifest.files.map((f) => [f.path, f.size]));
  const blob = async (file: string, onProgress?: (loaded: number, total: number) => void): Promise<Blob | null> => {
    if (!sizes.has(file)) return null;
    const hit = await cache.match(url(key, file));
    if (!hit) throw new LocalModelError('missing', `${file} of the model folder “${manifest.name}” is missing from browser storage: pick or drop the folder again`);
    const b = await hit.blob();
    onProgress?.(b.size, b.size);
    return b;
  };
  return {
    label: `the model folder “${manifest.name}”`,
    ...blobReaders(blob),
    async list() {
      return manifest.files.map((f) => ({ ...f }));
    },
  };
}
