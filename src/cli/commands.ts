// tokenize, embed and zero-shot: the engine's inference from the command line.
import * as tf from '@tensorflow/tfjs-core';
import type { ClipBundle } from '../hub/model-bundle';
import { classEmbeddings, DEFAULT_TEMPLATE } from '../train/zero-shot';
import { evaluateSplit } from '../train/evaluate';
import { loadPixels } from './images-node';
import { readTexts, rows } from './io-node';
import type { FolderDataset } from './dataset-node';

export function tokenize(bundle: ClipBundle, textsFile: string): { ids: number[][] } {
  const ctx = bundle.model.config.text.contextLength;
  return { ids: readTexts(textsFile).map((t) => bundle.tokenizer.tokenize(t, { contextLength: ctx }).ids) };
}

/** Image embeddings in batches of `batch` images. */
async function imageEmbeds(bundle: ClipBundle, files: string[], batch = 16): Promise<tf.Tensor2D> {
  const S = bundle.model.config.vision.imageSize;
  const parts: tf.Tensor2D[] = [];
  for (let i = 0; i < files.length; i += batch) {
    const chunk = files.slice(i, i + batch);
    const x = tf.tensor4d(loadPixels(chunk, bundle.preprocess), [chunk.length, 3, S, S]);
    parts.push(bundle.model.encodeImage(x));
    x.dispose();
  }
  const all = tf.concat(parts) as tf.Tensor2D;
  tf.dispose(parts);
  return all;
}

export async function embed(bundle: ClipBundle, images: string[], textsFile?: string): Promise<Record<string, number[][]>> {
  const out: Record<string, number[][]> = {};
  const E = bundle.model.config.projectionDim;
  const img = images.length ? await imageEmbeds(bundle, images) : null;
  const ctx = bundle.model.config.text.contextLength;
  const txt = textsFile ? bundle.model.encodeText(readTexts(textsFile).map((t) => bundle.tokenizer.tokenize(t, { contextLength: ctx }).ids), bundle.tokenizer.endId) : null;
  if (img) out.image_embeds = rows(await img.data(), E);
  if (txt) out.text_embeds = rows(await txt.data(), E);
  if (img && txt) {
    const logits = bundle.model.logits(img, txt);
    out.logits_per_image = rows(await logits.data(), txt.shape[0]);
    logits.dispose();
  }
  tf.dispose([img, txt].filter((t): t is tf.Tensor2D => t !== null));
  return out;
}

export async function zeroShot(bundle: ClipBundle, data: FolderDataset, templates: string[]) {
  const tpl = templates.length ? templates : [DEFAULT_TEMPLATE];
  const files = data.samples.map((s) => s.file);
  const img = await imageEmbeds(bundle, files);
  const cls = classEmbeddings(bundle.model, bundle.tokenizer, data.classes, tpl);
  const logits = bundle.model.logits(img, cls);
  const C = data.classes.length;
  const host = (await logits.data()) as Float32Array;
  tf.dispose([img, cls, logits]);
  const ev = evaluateSplit('test', data.samples.map((s, id) => ({ id, label: s.label, split: 'test' })), host, C);
  const predictions = data.samples.map((s, i) => {
    const row = host.subarray(i * C, (i + 1) * C);
    const max = Math.max(...row);
    const exps = Array.from(row, (v) => Math.exp(v - max));
    const z = exps.reduce((a, b) => a + b, 0);
    return { file: s.file, label: data.classes[s.label], predicted: data.classes[ev.predicted[i]], probs: exps.map((e) => e / z) };
  });
  return { accuracy: ev.accuracy, classes: data.classes, templates: tpl, predictions };
}
