import { describe, expect, it } from 'vitest';
import { WeightsError } from './errors';
import type { TensorInfo } from './safetensors';
import { checkTensorSpec } from './tensor-spec';
import { thrown } from '../testing/thrown';

const info = (name: string, shape: number[], dtype: TensorInfo['dtype'] = 'F32'): TensorInfo => ({
  name, dtype, shape, dataOffsets: [0, 0], byteLength: 0, ignored: dtype === 'I64',
});

const errorOf = (fn: () => unknown): WeightsError => thrown(WeightsError, fn);

describe('checkTensorSpec', () => {
  const file = {
    fileName: 'model.safetensors',
    tensors: [
      info('vision_model.embeddings.patch_embedding.weight', [768, 3, 32, 32]),
      info('vision_model.embeddings.position_ids', [1, 50], 'I64'),
      info('logit_scale', []),
    ],
  };

  it('passes when keys and shapes match; integer buffers are not "unexpected"', () => {
    expect(() => checkTensorSpec(file, { 'vision_model.embeddings.patch_embedding.weight': [768, 3, 32, 32], logit_scale: [] })).not.toThrow();
  });

  it('reports a shape mismatch against config.json', () => {
    const e = errorOf(() => checkTensorSpec(file, { 'vision_model.embeddings.patch_embedding.weight': [768, 3, 16, 16], logit_scale: [] }));
    expect(e.code).toBe('spec-mismatch');
    expect(e.message).toBe(
      'model.safetensors does not match the model described by config.json: 1 shape mismatch: vision_model.embeddings.patch_embedding.weight has shape [768,3,32,32] but config.json implies [768,3,16,16].',
    );
  });

  it('lists all missing and unexpected keys, the first 10 of each with counts', () => {
    const many = { fileName: 'ckpt.safetensors', tensors: Array.from({ length: 12 }, (_, i) => info(`extra.${String(i).padStart(2, '0')}`, [1])) };
    const expected = Object.fromEntries(Array.from({ length: 3 }, (_, i) => [`want.${i}`, [2]]));
    const e = errorOf(() => checkTensorSpec(many, expected, { ignore: (n) => n === 'extra.11' }));
    expect(e.message).toBe(
      'ckpt.safetensors does not match the model described by config.json: 3 missing keys: want.0, want.1, want.2; ' +
        '11 unexpected keys: extra.00, extra.01, extra.02, extra.03, extra.04, extra.05, extra.06, extra.07, extra.08, extra.09 and 1 more.',
    );
    expect(e.details).toEqual({ missing: ['want.0', 'want.1', 'want.2'], unexpected: Array.from({ length: 11 }, (_, i) => `extra.${String(i).padStart(2, '0')}`), mismatched: [] });
  });
});
