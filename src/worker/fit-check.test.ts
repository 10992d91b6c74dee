import { describe, expect, it } from 'vitest';
import { VIT_B32 } from '../model/config';
import { DEFAULT_TRAIN_CONFIG } from '../protocol/train-types';
import { checkFitsBackend } from './fit-check';

describe('memory check before a run', () => {
  it('refuses full ViT-B/32 at micro-batch 16 on WASM, saying what fits', () => {
    expect(() => checkFitsBackend(VIT_B32, { ...DEFAULT_TRAIN_CONFIG, scope: 'full', microBatch: 16 }, 'wasm', 6)).toThrow(
      /training scope full at micro-batch 16 needs about 5\.5 GB, more than the WASM backend can hold \(4 GB\): a micro-batch of 4 or less fits/,
    );
  });
  it('lets runs that fit, and other backends, through', () => {
    expect(() => checkFitsBackend(VIT_B32, { ...DEFAULT_TRAIN_CONFIG, scope: 'full', microBatch: 4 }, 'wasm', 6)).not.toThrow();
    // One pass per step needs no gradient accumulator: batch 8 fits at micro-batch 8, batch 32 does not.
    expect(() => checkFitsBackend(VIT_B32, { ...DEFAULT_TRAIN_CONFIG, scope: 'full', batchSize: 8, microBatch: 8 }, 'wasm', 6)).not.toThrow();
    expect(() => checkFitsBackend(VIT_B32, { ...DEFAULT_TRAIN_CONFIG, scope: 'full', batchSize: 32, microBatch: 8 }, 'wasm', 6)).toThrow(/micro-batch of 4 or less/);
    expect(() => checkFitsBackend(VIT_B32, { ...DEFAULT_TRAIN_CONFIG, scope: 'last-2', microBatch: 16 }, 'wasm', 6)).not.toThrow();
    expect(() => checkFitsBackend(VIT_B32, { ...DEFAULT_TRAIN_CONFIG, scope: 'full', microBatch: 16 }, 'webgpu', 6)).not.toThrow();
  });
});
