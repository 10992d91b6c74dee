// Reads the real tiny CLIP checkpoint (F16 weights + I64 position_ids). A missing fixture fails, never skips.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tinyClipDir } from '../testing/shared-fixtures';
import { parseSafetensors } from './safetensors';
import { writeSafetensors } from './safetensors-write';

describe('tiny-clip-b32 fixture', () => {
  const bytes = new Uint8Array(readFileSync(join(tinyClipDir, 'model.safetensors')));
  const file = parseSafetensors(bytes);

  it('lists every tensor with dtype and shape', () => {
    expect(file.metadata).toEqual({ format: 'pt' });
    expect(file.tensors).toHaveLength(80);
    expect(file.tensors.filter((t) => t.dtype === 'F16')).toHaveLength(78);
    expect(file.get('vision_model.embeddings.patch_embedding.weight')).toMatchObject({ dtype: 'F16', shape: [128, 3, 32, 32], ignored: false });
    expect(file.get('logit_scale')).toMatchObject({ dtype: 'F16', shape: [] });
  });

  it('flags the I64 position_ids buffers as ignored', () => {
    const ignored = file.tensors.filter((t) => t.ignored).map((t) => [t.name, t.dtype, t.shape]);
    expect(ignored).toEqual([
      ['text_model.embeddings.position_ids', 'I64', [1, 77]],
      ['vision_model.embeddings.position_ids', 'I64', [1, 50]],
    ]);
    const ids = new BigInt64Array(file.getBytes('text_model.embeddings.position_ids').slice().buffer);
    expect(Array.from(ids.slice(0, 3))).toEqual([0n, 1n, 2n]);
  });

  it('decodes F16 values (expected values computed once with numpy)', () => {
    expect(file.getFloat32('logit_scale')[0]).toBe(4.19921875);
    const w = file.getFloat32('vision_model.embeddings.patch_embedding.weight');
    expect(w.length).toBe(128 * 3 * 32 * 32);
    expect(Array.from(w.slice(0, 4))).toEqual([-0.0276336669921875, -0.0462646484375, 0.07293701171875, 0.0178070068359375]);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(5.995788812637329, 4);
  });

  it('survives a write/read round trip back to F16 bit for bit', () => {
    const floats = file.tensors.filter((t) => !t.ignored).map((t) => ({ name: t.name, shape: t.shape, data: file.getFloat32(t.name) }));
    const again = parseSafetensors(writeSafetensors(floats, { dtype: 'F16', metadata: file.metadata }));
    // Buffer.equals, not toEqual: deep-equality on millions of elements takes minutes.
    const differing = floats.filter((t) => !Buffer.from(again.getBytes(t.name)).equals(Buffer.from(file.getBytes(t.name))));
    expect(differing.map((t) => t.name)).toEqual([]);
  });
});
