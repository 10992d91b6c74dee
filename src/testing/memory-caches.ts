// An in-memory Cache Storage with the calls the hub code uses (tests only), with an optional quota.
export function memoryCaches(opts: { quota?: number } = {}): CacheStorage {
  const caches = new Map<string, Map<string, Response>>();
  let used = 0;
  const open = async (name: string) => {
    const m = caches.get(name) ?? new Map<string, Response>();
    caches.set(name, m);
    return {
      match: async (r: Request | string) => m.get(typeof r === 'string' ? r : r.url)?.clone(),
      put: async (url: string, res: Response) => {
        const b = new Uint8Array(await res.clone().arrayBuffer());
        if (opts.quota !== undefined && used + b.length > opts.quota) throw new DOMException('quota', 'QuotaExceededError');
        used += b.length;
        m.set(url, res);
      },
      keys: async () => [...m.keys()].map((u) => new Request(u)),
      delete: async (r: Request | string) => m.delete(typeof r === 'string' ? r : r.url),
    } as unknown as Cache;
  };
  return { open } as unknown as CacheStorage;
}
