// The hub download logic against a scripted server: progress, resume with Range after a dropped
// connection, size checks, cache hits offline, and the messages for 401, 404, no network and a full disk.
import { describe, expect, it } from 'vitest';
import { checkRepoId, hubSource, listCachedModels, deleteCachedModel } from './hf-hub';
import { memoryCaches } from '../testing/memory-caches';

const body = new Uint8Array(10_000).map((_, i) => i % 251);

/** A stream that delivers `bytes` in chunks and breaks after `breakAt` bytes (if given). */
function stream(bytes: Uint8Array, breakAt?: number): ReadableStream<Uint8Array> {
  let off = 0;
  return new ReadableStream({
    pull(c) {
      if (breakAt !== undefined && off >= breakAt) return c.error(new TypeError('network error'));
      const end = Math.min(bytes.length, off + 1000, breakAt ?? Infinity);
      c.enqueue(bytes.slice(off, end));
      off = end;
      if (off >= bytes.length) c.close();
    },
  });
}

describe('Hugging Face hub source', () => {
  it('downloads with progress, resumes a dropped connection with Range, then serves from cache offline', async () => {
    const requests: { url: string; range: string | null }[] = [];
    let online = true;
    const fetchImpl = (async (url: string, init?: RequestInit) => {
      if (!online) throw new TypeError('Failed to fetch');
      const range = new Headers(init?.headers).get('Range');
      requests.push({ url, range });
      if (url.endsWith('/missing.json')) return new Response('Entry not found', { status: 404 });
      if (range) {
        const from = Number(/bytes=(\d+)-/.exec(range)![1]);
        return new Response(stream(body.slice(from)), { status: 206, headers: { 'content-length': String(body.length - from) } });
      }
      return new Response(stream(body, 4000), { status: 200, headers: { 'content-length': String(body.length) } });
    }) as typeof fetch;
    const cacheStorage = memoryCaches();
    const src = hubSource('openai/clip-vit-base-patch32', { fetchImpl, cacheStorage });
    const progress: number[] = [];
    const got = await src.read('model.safetensors', (l) => progress.push(l));
    expect(Array.from(got!)).toEqual(Array.from(body));
    expect(requests.map((r) => r.range)).toEqual([null, 'bytes=4000-']);
    expect(requests[0].url).toBe('https://huggingface.co/openai/clip-vit-base-patch32/resolve/main/model.safetensors');
    expect(progress.at(-1)).toBe(10_000);
    expect(progress.length).toBeGreaterThan(5);
    expect(await src.read('missing.json')).toBeNull();

    online = false;
    const offline = hubSource('openai/clip-vit-base-patch32', { fetchImpl, cacheStorage });
    expect(Array.from((await offline.read('model.safetensors'))!)).toEqual(Array.from(body));
    expect(await offline.read('missing.json')).toBeNull(); // the 404 was remembered too
    expect(await listCachedModels(cacheStorage)).toEqual([{ repo: 'openai/clip-vit-base-patch32', bytes: 10_000 }]);
    await deleteCachedModel(cacheStorage, 'openai/clip-vit-base-patch32');
    expect(await listCachedModels(cacheStorage)).toEqual([]);
    await expect(offline.read('config.json')).rejects.toThrow(/cannot reach huggingface.co \(no network\?\)/);
  });

  it('explains gated repositories, bad ids, short downloads and a full disk', async () => {
    const gated = hubSource('meta/private-clip', { fetchImpl: (async () => new Response('', { status: 401 })) as typeof fetch });
    await expect(gated.read('config.json')).rejects.toThrow('meta/private-clip is gated or private (HTTP 401)');
    expect(() => checkRepoId('not a repo')).toThrow('is not a Hugging Face model id');
    const short = hubSource('a/b', { retries: 1, fetchImpl: (async () => new Response(body.slice(0, 10), { headers: { 'content-length': '20' } })) as typeof fetch });
    await expect(short.read('model.safetensors')).rejects.toThrow(/received 10 bytes, expected 20/);
    const full = hubSource('a/b', { cacheStorage: memoryCaches({ quota: 100 }), fetchImpl: (async () => new Response(body)) as typeof fetch });
    await expect(full.read('model.safetensors')).rejects.toThrow(/browser storage is full/);
  });
});
