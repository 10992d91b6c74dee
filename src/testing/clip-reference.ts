// The tiny CLIP reference (../shared/fixtures/clip/tiny-clip-b32-reference): a model's largest errors on
// its image embeddings, text embeddings and logits, relative to each reference's largest value.
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { ClipModel } from '../model/clip';
import { readF32, readSharedJson, tinyClipReferenceDir } from './shared-fixtures';

interface Reference { images: string[]; input_ids: number[][]; image_embeds: number[][]; text_embeds: number[][]; logits_per_image: number[][] }

/** The largest |got - want| relative to the largest |want|. */
export function maxRelErr(got: ArrayLike<number>, want: number[][]): number {
  const flat = want.flat();
  const scale = Math.max(...flat.map(Math.abs));
  let worst = 0;
  flat.forEach((w, i) => { worst = Math.max(worst, Math.abs(got[i] - w) / scale); });
  return worst;
}

export async function referenceErrors(model: ClipModel): Promise<{ image: number; text: number; logits: number }> {
  const ref = readSharedJson<Reference>('fixtures', 'clip', 'tiny-clip-b32-reference', 'reference.json');
  const pixels = new Float32Array(ref.images.length * 3 * 224 * 224);
  ref.images.forEach((name, i) => pixels.set(readF32(join(tinyClipReferenceDir, 'images', `${name}.pixels.f32`)), i * 3 * 224 * 224));
  const px = tf.tensor4d(pixels, [ref.images.length, 3, 224, 224]);
  const img = model.encodeImage(px);
  // Reference ids are zero-padded to 16: cut each at its end-of-text token.
  const txt = model.encodeText(ref.input_ids.map((s) => s.slice(0, s.indexOf(49407) + 1)), 49407);
  const logits = model.logits(img, txt);
  const out = { image: maxRelErr(await img.data(), ref.image_embeds), text: maxRelErr(await txt.data(), ref.text_embeds), logits: maxRelErr(await logits.data(), ref.logits_per_image) };
  tf.dispose([px, img, txt, logits]);
  return out;
}
