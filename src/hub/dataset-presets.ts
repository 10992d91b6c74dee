// Public datasets the studio can fetch at run time from their own home, with progress, cached in Cache
// Storage like models. A preset says where its files are and how to read labels, splits and groups;
// adding the next dataset is one more entry in PRESETS.
export interface PresetFile {
  /** Path as if the user dropped the dataset's folder, e.g. "BAR/train/climbing_0.jpg". */
  path: string;
  bytes: Uint8Array;
}

export interface PresetData {
  files: PresetFile[];
  /** Path -> group, for datasets that describe one (e.g. BAR's search query). */
  groups: Map<string, string>;
}

export interface PresetContext {
  fetchImpl: typeof fetch;
  cacheStorage?: CacheStorage;
  onProgress: (done: number, total: number, detail: string) => void;
}

export interface DatasetPreset {
  id: string;
  title: string;
  description: string;
  /** Where it comes from, shown to the user before anything is requested. */
  source: string;
  load(ctx: PresetContext): Promise<PresetData>;
}

export const DATASET_CACHE = 'proreg-datasets-v1';

export class PresetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PresetError';
  }
}

/** GET with Cache Storage in front; the network is used only for what is not cached yet. */
async function cachedGet(ctx: PresetContext, url: string): Promise<Uint8Array> {
  const cache = await ctx.cacheStorage?.open(DATASET_CACHE);
  const hit = await cache?.match(url);
  if (hit) return new Uint8Array(await hit.arrayBuffer());
  let res: Response;
  try {
    res = await ctx.fetchImpl(url);
  } catch {
    throw new PresetError(`cannot reach ${new URL(url).host} (no network?); datasets downloaded before still load offline`);
  }
  if (!res.ok) throw new PresetError(`${new URL(url).host} answered HTTP ${res.status} for ${url}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  await cache?.put(url, new Response(bytes as Uint8Array<ArrayBuffer>));
  return bytes;
}

/** Runs `work` over items with at most `n` in flight. */
async function pool<T>(items: T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

const BAR_REPO = 'alinlab/BAR';
const BAR_REF = 'master';

export const barPreset: DatasetPreset = {
  id: 'bar',
  title: 'BAR (Biased Action Recognition)',
  description: 'Six actions whose training images sit in their usual place (climbing on rock walls, diving underwater...) while most test images do not: the bias ProReg is built to resist. 1,941 train and 654 test images; groups are the test images\' search queries (ice climbing, platform diving...).',
  source: `github.com/${BAR_REPO} (files from raw.githubusercontent.com)`,
  async load(ctx) {
    const listing = JSON.parse(new TextDecoder().decode(await cachedGet(ctx, `https://api.github.com/repos/${BAR_REPO}/git/trees/${BAR_REF}?recursive=1`))) as { tree?: { path: string; type: string }[] };
    const paths = (listing.tree ?? []).filter((t) => t.type === 'blob' && /^(train|test)\/[^/]+\.(jpe?g|png)$/i.test(t.path)).map((t) => t.path);
    if (paths.length === 0) throw new PresetError(`the listing of ${BAR_REPO} has no train/ or test/ images`);
    const raw = (p: string) => `https://raw.githubusercontent.com/${BAR_REPO}/${BAR_REF}/${p.split('/').map(encodeURIComponent).join('/')}`;
    const metadata = JSON.parse(new TextDecoder().decode(await cachedGet(ctx, raw('metadata.json')))) as Record<string, { source?: string; detail?: { query?: string } }>;
    const files: PresetFile[] = [];
    let done = 0;
    await pool(paths, 8, async (p) => {
      files.push({ path: `BAR/${p}`, bytes: await cachedGet(ctx, raw(p)) });
      ctx.onProgress(++done, paths.length, p);
    });
    files.sort((a, b) => (a.path < b.path ? -1 : 1));
    const groups = new Map<string, string>();
    for (const f of files) {
      const key = f.path.split('/').pop()!.replace(/\.[^.]+$/, '');
      const m = metadata[key];
      const g = m?.detail?.query ? m.detail.query.replace(/\+/g, ' ') : m?.source;
      if (g) groups.set(f.path, g);
    }
    return { files, groups };
  },
};

export const PRESETS: DatasetPreset[] = [barPreset];
