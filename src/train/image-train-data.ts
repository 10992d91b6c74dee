// A TrainData over decoded images: clean views are preprocessed once and kept as uint8 [3,S,S] (4x smaller
// than float32, and exactly the 8-bit values the reference produces); augmented views are decoded,
// augmented and preprocessed on demand.
import type { RawImage } from '../data/raw-image';
import { normalizeU8, preprocessToU8, type PreprocessConfig } from '../data/preprocess';
import { randAugment } from '../data/augment';
import type { SampleMeta, TrainData } from './train-data';

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
}

export interface ImageTrainData extends TrainData {
  /** Clean uint8 views held in memory. */
  cached(): number;
  /** Decodes and preprocesses every sample now, reporting progress (errors are returned per sample). */
  warm(onProgress?: (done: number, total: number) => void): Promise<Map<number, Error>>;
}

export function imageTrainData(opts: ImageTrainDataOptions): ImageTrainData {
  const { preprocess } = opts;
  const S = preprocess.cropHeight;
  const per = 3 * S * preprocess.cropWidth;
  const clean = new Map<number, Uint8Array>();
  const cleanView = async (id: number): Promise<Uint8Array> => {
    let u8 = clean.get(id);
    if (!u8) {
      u8 = opts.preprocessClean ? await opts.preprocessClean(id) : preprocessToU8(await opts.decode(id), preprocess);
      clean.set(id, u8);
    }
    return u8;
  };
  return {
    classNames: opts.classNames,
    samples: opts.samples,
    cached: () => clean.size,
    async warm(onProgress) {
      const failures = new Map<number, Error>();
      let done = 0;
      let next = 0;
      const lanes = Math.max(1, opts.parallel ?? 1);
      await Promise.all(Array.from({ length: lanes }, async () => {
        while (next < opts.samples.length) {
          const s = opts.samples[next++];
          try {
            await cleanView(s.id);
          } catch (e) {
            failures.set(s.id, e instanceof Error ? e : new Error(String(e)));
          }
          onProgress?.(++done, opts.samples.length);
        }
      }));
      return failures;
    },
    async pixels(ids, { augment, rng }) {
      const out = new Float32Array(ids.length * per);
      for (let j = 0; j < ids.length; j++) {
        const u8 = augment ? preprocessToU8(randAugment(await opts.decode(ids[j]), rng), preprocess) : await cleanView(ids[j]);
        normalizeU8(u8, preprocess, out, j * per);
      }
      return out;
    },
  };
}
