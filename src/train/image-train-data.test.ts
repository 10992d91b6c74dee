// Training streams its images: clean views are written once to a store in IndexedDB (the studio's browser
// storage) and read back a batch at a time, with the next batch read ahead, so what stays in memory is the
// batches in flight whatever the dataset's size. The pixels equal those of views held in memory.
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../backend/backend-node';
import { decodeImageBytes } from '../data/decode-node';
import { parsePreprocessorConfig } from '../data/preprocess';
import { CLIP_PREPROCESSOR } from '../hub/model-bundle';
import { ClipModel } from '../model/clip';
import { randomParams } from '../model/random-init';
import { idbViewStore } from '../persist/view-store-idb';
import { DEFAULT_TRAIN_CONFIG } from '../protocol/train-types';
import { jpegOf } from '../testing/corpus/corpus-images';
import { TINY_P16 } from '../testing/random-clip-node';
import { imageTrainData, type ImageTrainData } from './image-train-data';
import type { SampleMeta } from './train-data';
import { Trainer } from './trainer';
import { countingViewStore, type CountingViewStore } from './view-store';

const S = TINY_P16.vision.imageSize;
const preprocess = parsePreprocessorConfig({ ...CLIP_PREPROCESSOR, crop_size: S, size: { shortest_edge: S } });
const files = new Map<number, Uint8Array>();
for (let id = 0; id < 240; id++) files.set(id, jpegOf(40 + (id % 7), 30 + (id % 5), id, 85));

function dataset(n: number, store?: CountingViewStore): ImageTrainData {
  const samples: SampleMeta[] = Array.from({ length: n }, (_, id) => ({ id, label: id % 3, split: id % 10 === 0 ? 'val' : 'train' }));
  return imageTrainData({ classNames: ['a', 'b', 'c'], samples, preprocess, decode: async (id) => decodeImageBytes(files.get(id)!, `${id}.jpg`), store, parallel: 2 });
}

/** One pass over every sample in batches, reading ahead as the trainer does; the most views held at once. */
async function epoch(data: ImageTrainData, batch: number): Promise<{ peakHeld: number; pixels: Float32Array[] }> {
  const ids = data.samples.map((s) => s.id);
  let peakHeld = 0;
  const pixels: Float32Array[] = [];
  for (let i = 0; i < ids.length; i += batch) {
    data.prefetch?.(ids.slice(i + batch, i + 2 * batch));
    peakHeld = Math.max(peakHeld, data.held());
    pixels.push(await data.pixels(ids.slice(i, i + batch), { augment: false, rng: Math.random }));
  }
  return { peakHeld, pixels };
}

beforeAll(async () => {
  await useNodeBackend('wasm');
});

describe('clean views in browser storage', () => {
  it('are written once and read back from storage in batches: memory holds two batches at 40 or 240 images', async () => {
    for (const n of [40, 240]) {
      const store = countingViewStore(idbViewStore(`streaming-${n}|test`, 'views-test'));
      const data = dataset(n, store);
      const failures = await data.warm();
      expect(failures.size).toBe(0);
      expect(store.writes).toBe(n);
      expect(data.held()).toBe(0); // warming keeps nothing once written
      const { peakHeld } = await epoch(data, 8);
      expect(store.reads).toBe(n); // every view came back from storage, once
      expect(peakHeld).toBeLessThanOrEqual(2 * 8); // the batch asked for and the next, read ahead
      expect(data.held()).toBe(0);
      expect(store.writes).toBe(n); // nothing recomputed
    }
  });

  it('give exactly the pixels of views held in memory, and a new session reads them without decoding', async () => {
    const stored = await epoch(dataset(24, countingViewStore(idbViewStore('exact|test', 'views-test'))), 5);
    const inMemory = dataset(24);
    await inMemory.warm();
    const held = await epoch(inMemory, 5);
    expect(inMemory.held()).toBe(24); // the CLI's memory store holds all of them
    stored.pixels.forEach((p, i) => expect(Array.from(p)).toEqual(Array.from(held.pixels[i])));
    // After a reload: the same scope, nothing to decode.
    const again = countingViewStore(idbViewStore('exact|test', 'views-test'));
    const samples: SampleMeta[] = Array.from({ length: 24 }, (_, id) => ({ id, label: 0, split: 'train' }));
    const reopened = imageTrainData({ classNames: ['a'], samples, preprocess, store: again, decode: () => Promise.reject(new Error('decoded although stored')) });
    expect((await reopened.warm()).size).toBe(0);
    const px = await reopened.pixels([3, 4], { augment: false, rng: Math.random });
    expect(Array.from(px.subarray(0, 3 * S * S))).toEqual(Array.from(held.pixels[0].subarray(3 * 3 * S * S, 4 * 3 * S * S)));
    expect(again.writes).toBe(0);
  });

  it('training over 120 images reads its batches from storage and holds at most the next batch', async () => {
    const store = countingViewStore(idbViewStore('trainer|test', 'views-test'));
    const data = dataset(120, store);
    await data.warm();
    const readsAfterWarm = store.reads;
    const model = new ClipModel(TINY_P16, randomParams(TINY_P16, 3));
    const w0 = tf.tidy(() => tf.randomNormal([3, TINY_P16.projectionDim], 0, 1, 'float32', 2)) as tf.Tensor2D;
    let peakHeld = 0;
    let steps = 0;
    const cfg = { ...DEFAULT_TRAIN_CONFIG, scope: 'full', epochs: 1, batchSize: 12, microBatch: 6, augment: 'none', valFraction: 0, evalsPerEpoch: 1, seed: 1 } as const;
    const trainer = new Trainer(model, w0, data, cfg, { step: () => { steps++; peakHeld = Math.max(peakHeld, data.held()); } });
    try {
      await trainer.train();
    } finally {
      trainer.dispose();
      trainer.model.dispose();
      w0.dispose();
      model.dispose();
    }
    expect(steps).toBe(9); // 108 training images in batches of 12
    // Caching pass, 9 steps, evaluations: every clean view came from storage, several times over.
    expect(store.reads - readsAfterWarm).toBeGreaterThanOrEqual(2 * 120);
    expect(store.writes).toBe(120);
    expect(peakHeld).toBeLessThanOrEqual(12); // the next step's batch, read ahead
  });
});
