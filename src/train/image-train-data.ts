// A TrainData over decoded images: clean views are preprocessed once and kept as uint8 [3,S,S] (4x smaller
// than float32, and exactly the 8-bit values the reference produces) in a ViewStore: memory in the CLI,
// browser storage in the studio, where the training loop streams them back batch by batch (the next batch
// is read while the current one trains) and only those batches are held. Augmented views are decoded,
// augmented and preprocessed on demand.
import type { RawImage } from '../data/raw-image';
import { normalizeU8, preprocessToU8, type PreprocessConfig } from '../data/preprocess';
import { randAugment } from '../data/augment';
import type { SampleMeta, TrainData } from './train-data';
import { memoryViewStore, type ViewStore } from './view-store';

export interface ImageTrainDataOptions {
  classNames: string[];
  samples: SampleMeta[];
  preprocess: PreprocessConfig;
  /** Decodes sample `id` (from disk, a Blob, ...). */
  decode: (id: number) => Promise<RawImage>;
  /** Clean view of sample `id` computed elsewhere (a pool of workers); default: decode + preprocess here. */
  preprocessClean?: (id: number) => Promise<Uint8Array>;
  /** How many clean views `warm` prepares at once (the pool's size). */
  parallel?: number;
  /** Where clean views are kept; default: memory. */
  store?: ViewStore;
  /** Called once if the store refuses a write (storage full): views are then recomputed when needed. */
  onStoreFailure?: (e: unknown) => void;
}

export interface ImageTrainData extends TrainData {
  /** Clean uint8 views this object holds in memory right now (a store in memory counts all of its views). */
  held(): number;
  /** Decodes and preprocesses every sample now, reporting progress (errors are returned per sample). */
  warm(onProgress?: (done: number, total: number) => void): Promise<Map<number, Error>>;
}

/** Views written to the store together while warming. */
const WRITE_BATCH = 16;
/** Read-ahead held at most (bytes); older prefetched views are dropped beyond it. */
const PREFETCH_BYTES = 64 * 1024 ** 2;

export function imageTrainData(opts: ImageTrainDataOptions): ImageTrainData {
  const { preprocess } = opts;
  const S = preprocess.cropHeight;
  const per = 3 * S * preprocess.cropWidth;
  const store = opts.store ?? memoryViewStore();
  let storeOk = true;
  let stored: Set<number> | null = null;
  const storedIds = async () => (stored ??= await store.ids());
  /** Reads started ahead of use, by id, in the order they were asked for. */
  const ahead = new Map<number, Promise<Uint8Array | undefined>>();
  const maxAhead = Math.max(64, Math.floor(PREFETCH_BYTES / per));

  const compute = async (id: number): Promise<Uint8Array> => (opts.preprocessClean ? opts.preprocessClean(id) : preprocessToU8(await opts.decode(id), preprocess));
  const save = async (entries: [number, Uint8Array][]): Promise<void> => {
    if (!storeOk || entries.length === 0) return;
    try {
      await store.putMany(entries);
      const known = await storedIds();
      for (const [id] of entries) known.add(id);
    } catch (e) {
      storeOk = false;
      opts.onStoreFailure?.(e);
    }
  };
  const readAhead = (ids: number[]): void => {
    const todo = ids.filter((id) => !ahead.has(id));
    if (todo.length === 0) return;
    const reading = store.getMany(todo).catch(() => todo.map(() => undefined));
    todo.forEach((id, j) => ahead.set(id, reading.then((r) => r[j])));
    for (const id of ahead.keys()) {
      if (ahead.size <= maxAhead) break;
      ahead.delete(id);
    }
  };
  /** Clean views of ids: from the read-ahead, else the store, else computed (and stored). */
  const cleanViews = async (ids: number[]): Promise<Uint8Array[]> => {
    readAhead(ids);
    const got = await Promise.all(ids.map((id) => ahead.get(id)!));
    for (const id of ids) ahead.delete(id);
    const missing: [number, Uint8Array][] = [];
    const out = await Promise.all(got.map(async (v, j) => {
      if (v) return v;
      const u8 = await compute(ids[j]);
      missing.push([ids[j], u8]);
      return u8;
    }));
    await save(missing);
    return out;
  };

  return {
    classNames: opts.classNames,
    samples: opts.samples,
    held: () => ahead.size + (store.inMemory ? (stored?.size ?? 0) : 0),
    async warm(onProgress) {
      const failures = new Map<number, Error>();
      const have = await storedIds();
      const todo = opts.samples.filter((s) => !have.has(s.id));
      let done = opts.samples.length - todo.length;
      onProgress?.(done, opts.samples.length);
      let next = 0;
      let pending: [number, Uint8Array][] = [];
      const flush = async () => {
        const batch = pending;
        pending = [];
        await save(batch);
      };
      const lanes = Math.max(1, opts.parallel ?? 1);
      await Promise.all(Array.from({ length: lanes }, async () => {
        while (next < todo.length) {
          const s = todo[next++];
          try {
            const view = await compute(s.id);
            pending.push([s.id, view]); // after the await: a flush meanwhile swaps `pending`
            if (pending.length >= WRITE_BATCH) await flush();
          } catch (e) {
            failures.set(s.id, e instanceof Error ? e : new Error(String(e)));
          }
          onProgress?.(++done, opts.samples.length);
        }
      }));
      await flush();
      return failures;
    },
    prefetch(ids) {
      if (storeOk && !store.inMemory) readAhead(ids);
    },
    async pixels(ids, { augment, rng }) {
      const out = new Float32Array(ids.length * per);
      if (augment) {
        for (let j = 0; j < ids.length; j++) normalizeU8(preprocessToU8(randAugment(await opts.decode(ids[j]), rng), preprocess), preprocess, out, j * per);
        return out;
      }
      (await cleanViews(ids)).forEach((u8, j) => normalizeU8(u8, preprocess, out, j * per));
      return out;
    },
  };
}
