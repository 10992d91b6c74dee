// head-epoch-2000: one ProReg head-only epoch over 2,000 samples whose features are cached, so the time is
// the training loop's (batching, tape, AdamW, read-backs), not the encoder's. The encoder used for the
// caching pass is a 1-layer 32 px tower with ViT-B/32's E = 512: the epoch only ever sees [B,512] features.
import type { ClipModel } from '../../src/model/clip';
import { memoryData } from '../../src/train/memory-data';
import { Trainer } from '../../src/train/trainer';
import { benchTrainConfig } from './train-step';
import { BENCH_CLASSES, fakePixels, randomClassEmbeds } from './geometry';

export interface HeadEpochResult {
  samples: number;
  batch: number;
  microBatch: number;
  steps: number;
  /** Caching pass (not part of the epoch). */
  cacheMs: number;
  /** First step's start to last step's end. */
  epochMs: number;
  /** The whole train() call: the epoch plus its evaluation and checkpoint, and the final evaluation. */
  trainCallMs: number;
}

export async function headEpoch(clip: ClipModel, samples: number, batch: number, microBatch: number): Promise<HeadEpochResult> {
  const S = clip.config.vision.imageSize;
  const metas = Array.from({ length: samples }, (_, id) => ({ id, label: id % BENCH_CLASSES, split: 'train' as const }));
  const pixels = new Map(metas.map((s) => [s.id, fakePixels(3 * S * S, s.id + 1)]));
  const w0 = randomClassEmbeds(clip.config);
  let first = 0;
  let last = 0;
  let steps = 0;
  const trainer = new Trainer(clip, w0, memoryData(Array.from({ length: BENCH_CLASSES }, (_, i) => `c${i}`), metas, pixels), benchTrainConfig('head', batch, microBatch, 1), {
    step: () => {
      steps += 1;
      last = performance.now();
    },
  }, {
    isStopped: () => false,
    waitWhilePaused: async () => {
      if (!first) first = performance.now();
    },
  });
  try {
    const c0 = performance.now();
    await trainer.prepare();
    const cacheMs = performance.now() - c0;
    const t0 = performance.now();
    await trainer.train();
    const trainCallMs = performance.now() - t0;
    return { samples, batch, microBatch, steps, cacheMs, epochMs: last - first, trainCallMs };
  } finally {
    trainer.dispose();
    trainer.model.dispose();
    w0.dispose();
  }
}
