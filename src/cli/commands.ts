// tokenize, embed and zero-shot: the engine's inference from the command line.
import * as tf from '@tensorflow/tfjs-core';
import type { ClipBundle } from '../hub/model-bundle';
import { classEmbeddings, DEFAULT_TEMPLATE } from '../train/zero-shot';
import { evaluateSplit } from '../train/evaluate';
import { loadPixels } from './images-node';
import { readTexts, rows } from './io-node';
import { checkClassesKept, decodeRejection, type FolderDataset } from './dataset-node';
import { readFileSync } from 'node:fs';

export function tokenize(bundle: ClipBundle, textsFile: string): { ids: number[][] } {
  const ctx = bundle.model.config.text.contextLength;
  return { ids: readTexts(textsFile).map((t) => bundle.tokenizer.tokenize(t, { contextLength: ctx }).ids) };
}

/** Image embeddings in batches of `batch` images; images that cannot be decoded are reported, not embedded. */
async function imageEmbeds(bundle: ClipBundle, sources: { name: string; read: () => Uint8Array }[], batch = 16): Promise<{ embeds: tf.Tensor2D; kept: number[]; failed: { index: number; error: unknown }[] }> {
  const S = bundle.model.config.vision.imageSize;
  const parts: tf.Tensor2D[] = [];
  const kept: number[] = [];
  const failed: { index: number; error: unknown }[] = [];
  for (let i = 0; i < sources.length; i += batch) {
    const px = await loadPixels(sources.slice(i, i + batch), bundle.preprocess);
    kept.push(...px.kept.map((k) => i + k));
    failed.push(...px.failed.map((f) => ({ index: i + f.index, error: f.error })));
    if (px.kept.length === 0) continue;
    const x = tf.tensor4d(px.pixels, [px.kept.length, 3, S, S]);
    parts.push(bundle.model.encodeImage(x));
    x.dispose();
  }
  const embeds = parts.length ? (tf.concat(parts) as tf.Tensor2D) : tf.zeros([0, bundle.model.config.projectionDim]) as tf.Tensor2D;
  tf.dispose(parts);
  return { embeds, kept, failed };
}

const fromDisk = (file: string) => ({ name: file, read: () => new Uint8Array(readFileSync(file)) });

export async function embed(bundle: ClipBundle, images: string[], textsFile?: string): Promise<Record<string, number[][]>> {
  const out: Record<string, number[][]> = {};
  const E = bundle.model.config.projectionDim;
  let img: tf.Tensor2D | null = null;
  if (images.length) {
    const r = await imageEmbeds(bundle, images.map(fromDisk));
    if (r.failed.length) {
      r.embeds.dispose();
      const e = r.failed[0].error;
      throw new Error(e instanceof Error ? e.message : String(e));
    }
    img = r.embeds;
  }
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
  const { embeds: img, kept, failed } = await imageEmbeds(bundle, data.samples.map((s) => ({ name: s.file, read: s.read })));
  const rejected = [...data.rejected, ...failed.map((f) => decodeRejection(data.samples[f.index].file, f.error))];
  const usable = kept.map((k) => data.samples[k]);
  try {
    checkClassesKept({ ...data, rejected }, usable);
  } catch (e) {
    img.dispose();
    throw e;
  }
  const cls = classEmbeddings(bundle.model, bundle.tokenizer, data.classes, tpl);
  const logits = bundle.model.logits(img, cls);
  const C = data.classes.length;
  const host = (await logits.data()) as Float32Array;
  tf.dispose([img, cls, logits]);
  const ev = evaluateSplit('test', usable.map((s, id) => ({ id, label: s.label, split: 'test' })), host, C);
  const predictions = usable.map((s, i) => {
    const row = host.subarray(i * C, (i + 1) * C);
    const max = Math.max(...row);
    const exps = Array.from(row, (v) => Math.exp(v - max));
    const z = exps.reduce((a, b) => a + b, 0);
    return { file: s.file, label: data.classes[s.label], predicted: data.classes[ev.predicted[i]], probs: exps.map((e) => e / z) };
  });
  return { accuracy: ev.accuracy, classes: data.classes, templates: tpl, predictions, rejected: rejected.map(({ file, reason, message }) => ({ file, reason, message })) };
}
