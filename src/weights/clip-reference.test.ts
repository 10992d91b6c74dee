import { describe, expect, it, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../backend/backend-node';
import { parseSafetensors } from './safetensors';
import { loadClipModel } from './load-clip';
import { readF32, readSharedJson, tinyClipDir, tinyClipReferenceDir } from '../testing/shared-fixtures';
import { maxRelErr } from '../testing/clip-reference';

interface Reference { images: string[]; input_ids: number[][]; image_embeds: number[][]; text_embeds: number[][]; logits_per_image: number[][]; logit_scale: number; prompts: string[] }

const ref = readSharedJson<Reference>('fixtures', 'clip', 'tiny-clip-b32-reference', 'reference.json');

for (const backend of ['cpu', 'wasm']) {
  describe(`tiny-clip-b32 on ${backend}`, () => {
    it('matches the reference embeddings and logits to 1e-4', async () => {
      await useNodeBackend(backend);
      const weights = parseSafetensors(new Uint8Array(readFileSync(join(tinyClipDir, 'model.safetensors'))));
      const model = loadClipModel(JSON.parse(readFileSync(join(tinyClipDir, 'config.json'), 'utf8')), weights);
      const before = tf.memory().numTensors;
      const pixels = new Float32Array(ref.images.length * 3 * 224 * 224);
      ref.images.forEach((name, i) => pixels.set(readF32(join(tinyClipReferenceDir, 'images', `${name}.pixels.f32`)), i * 3 * 224 * 224));
      const px = tf.tensor4d(pixels, [ref.images.length, 3, 224, 224]);
      const img = model.encodeImage(px);
      // Reference ids are zero-padded to 16: cut each at its end-of-text token.
      const ids = ref.input_ids.map((s) => s.slice(0, s.indexOf(49407) + 1));
      const txt = model.encodeText(ids, 49407);
      const logits = model.logits(img, txt);
      expect(maxRelErr(await img.data(), ref.image_embeds)).toBeLessThan(1e-4);
      expect(maxRelErr(await txt.data(), ref.text_embeds)).toBeLessThan(1e-4);
      expect(maxRelErr(await logits.data(), ref.logits_per_image)).toBeLessThan(1e-4);
      tf.dispose([px, img, txt, logits]);
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    });
  });
}
afterAll(() => undefined);
