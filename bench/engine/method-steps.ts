// Student-method rows at ViT-B/32 geometry. coop-step: one CoOp step at batch 32 (16 unified context
// vectors, 6 classes): image features come from the cache, so the step is the 12-layer, 512-wide text
// tower's forward and backward over every class's 1 + 16 + 4-token prompt, plus the cosine logits.
// tip-adapter-f-epoch: one Tip-Adapter-F epoch over 2,000 cached images at batch 32 (keys [512, 2000]).
// The image tower is the 1-layer 32 px one with E = 512 (its features are all these rows see).
// flyp-step: one FLYP step at batch 32 on both of ViT-B/32's towers, scope last-1 (the last block of each
// tower, their final LayerNorms and projections, and the logit scale train; the image tower's frozen
// prefix is cached, the text tower runs whole over every class's prompt each step).
import type { ClipModel } from '../../src/model/clip';
import { VIT_B32, type ClipConfig } from '../../src/model/config';
import { DEFAULT_METHOD_OPTIONS, type TrainConfig } from '../../src/protocol/train-types';
import { memoryData } from '../../src/train/memory-data';
import { Trainer } from '../../src/train/trainer';
import type { ClipTokenizer } from '../../src/tokenizer/clip-tokenizer';
import { benchTrainConfig } from './train-step';
import { BENCH_CLASSES, fakePixels, HEAD_ONLY_GEOMETRY, randomClassEmbeds } from './geometry';

/** ViT-B/32's text tower (the one CoOp differentiates through) over the small image tower. */
export const COOP_GEOMETRY: ClipConfig = { ...HEAD_ONLY_GEOMETRY, text: VIT_B32.text };

/** Prompts without a vocabulary (random weights have none): each class name is 3 fixed ids, then "." and EOT. */
function benchTokenizer(cfg: ClipConfig): ClipTokenizer {
  const endId = cfg.text.vocabSize - 1;
  const startId = cfg.text.vocabSize - 2;
  return {
    startId,
    endId,
    tokenize: (text: string) => {
      const words = text.split(' ');
      const ids = [startId, ...words.map((w, i) => 100 + ((w.length * 31 + i) % 1000)), 269, endId];
      return { ids, truncated: false };
    },
  } as unknown as ClipTokenizer;
}

export interface MethodTiming {
  steps: number;
  /** Per-step wall times (ms), first step included. */
  stepMs: number[];
  /** First step's start to last step's end. */
  epochMs: number;
}

/** Both of ViT-B/32's towers (FLYP trains both). */
export const FLYP_GEOMETRY: ClipConfig = VIT_B32;

async function timeRun(clip: ClipModel, cfg: TrainConfig, samples: number, tokenizer?: ClipTokenizer): Promise<MethodTiming> {
  const S = clip.config.vision.imageSize;
  const metas = Array.from({ length: samples }, (_, id) => ({ id, label: id % BENCH_CLASSES, split: 'train' as const }));
  const pixels = new Map(metas.map((s) => [s.id, fakePixels(3 * S * S, s.id + 1)]));
  const w0 = randomClassEmbeds(clip.config);
  const stepMs: number[] = [];
  let first = 0;
  let mark = 0;
  const trainer = new Trainer(clip, w0, memoryData(Array.from({ length: BENCH_CLASSES }, (_, i) => `class ${i}`), metas, pixels), cfg, {
    step: () => {
      const now = performance.now();
      stepMs.push(now - mark);
      mark = now;
    },
  }, {
    isStopped: () => false,
    waitWhilePaused: async () => {
      mark = performance.now();
      if (!first) first = mark;
    },
  }, { tokenizer });
  try {
    await trainer.prepare();
    const t0 = performance.now();
    await trainer.train();
    return { steps: stepMs.length, stepMs, epochMs: (first ? mark - first : performance.now() - t0) };
  } finally {
    trainer.dispose();
    trainer.model.dispose();
    w0.dispose();
  }
}

/** `steps` CoOp steps at batch `batch` (one per epoch over `batch` images). */
export function coopSteps(clip: ClipModel, batch: number, steps: number): Promise<MethodTiming> {
  const cfg: TrainConfig = { ...benchTrainConfig('head', batch, batch, steps), method: 'coop', lrHead: 0.002, methodOptions: DEFAULT_METHOD_OPTIONS };
  return timeRun(clip, cfg, batch, benchTokenizer(clip.config));
}

/** `steps` FLYP steps at batch `batch` in `scope`, with FLYP's recipe (lr 1e-5, weight decay 0.1). */
export function flypSteps(clip: ClipModel, batch: number, steps: number, scope: string): Promise<MethodTiming> {
  const cfg: TrainConfig = { ...benchTrainConfig(scope, batch, batch, steps), method: 'flyp', lrEncoder: 1e-5, lrHead: 1e-5, weightDecay: 0.1, methodOptions: DEFAULT_METHOD_OPTIONS };
  return timeRun(clip, cfg, batch, benchTokenizer(clip.config));
}

/** One Tip-Adapter-F epoch over `samples` cached images at batch `batch`. */
export function tipAdapterFEpoch(clip: ClipModel, samples: number, batch: number): Promise<MethodTiming> {
  const cfg: TrainConfig = { ...benchTrainConfig('head', batch, batch, 1), method: 'tip-adapter-f', lrHead: 0.001, methodOptions: DEFAULT_METHOD_OPTIONS };
  return timeRun(clip, cfg, samples);
}
