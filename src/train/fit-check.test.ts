import { describe, expect, it } from 'vitest';
import { VIT_B32, type ClipConfig } from '../model/config';
import { DEFAULT_TRAIN_CONFIG } from '../protocol/train-types';
import { fitToBackend } from './fit-check';

describe('fitting a run to WASM memory before it starts', () => {
  it('lowers full ViT-B/32 from micro-batch 16 to the largest that fits, and says so', () => {
    const r = fitToBackend(VIT_B32, { ...DEFAULT_TRAIN_CONFIG, scope: 'full', batchSize: 256, microBatch: 16 }, 'wasm', 6);
    expect(r.config.microBatch).toBe(4);
    expect(r.config.batchSize).toBe(256);
    expect(r.note).toMatch(/micro-batch lowered from 16 to 4: training scope full at 16 images per pass needs about 5\.5 GB, more than the WASM backend can hold \(4 GB\)\. Gradients accumulate over 64 passes/);
  });

  it('one pass per step needs no accumulator: batch 8 keeps micro-batch 8; batch 32 gets 4', () => {
    expect(fitToBackend(VIT_B32, { ...DEFAULT_TRAIN_CONFIG, scope: 'full', batchSize: 8, microBatch: 8 }, 'wasm', 6)).toEqual({ config: { ...DEFAULT_TRAIN_CONFIG, scope: 'full', batchSize: 8, microBatch: 8 } });
    expect(fitToBackend(VIT_B32, { ...DEFAULT_TRAIN_CONFIG, scope: 'full', batchSize: 32, microBatch: 8 }, 'wasm', 6).config.microBatch).toBe(4);
  });

  it('keeps a micro-batch that divides the batch', () => {
    expect(fitToBackend(VIT_B32, { ...DEFAULT_TRAIN_CONFIG, scope: 'full', batchSize: 30, microBatch: 10 }, 'wasm', 6).config.microBatch).toBe(6); // 8 and 7 do not divide 30
  });

  it('leaves runs that fit, and other backends, alone', () => {
    expect(fitToBackend(VIT_B32, { ...DEFAULT_TRAIN_CONFIG, scope: 'last-2', microBatch: 16 }, 'wasm', 6).note).toBeUndefined();
    expect(fitToBackend(VIT_B32, { ...DEFAULT_TRAIN_CONFIG, scope: 'full', microBatch: 16 }, 'webgpu', 6).config.microBatch).toBe(16);
  });

  it('refuses a model that does not fit one image per pass, saying what would help', () => {
    const huge: ClipConfig = { ...VIT_B32, vision: { ...VIT_B32.vision, width: 2048, mlpWidth: 8192, heads: 16, layers: 24 } };
    expect(() => fitToBackend(huge, { ...DEFAULT_TRAIN_CONFIG, scope: 'full', microBatch: 16 }, 'wasm', 6)).toThrow(/needs about \d+\.\d GB even at one image per pass, more than the WASM backend can hold \(4 GB\): train fewer blocks/);
  });
});
