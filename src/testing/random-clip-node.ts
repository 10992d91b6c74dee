// Writes a random CLIP model folder in Hugging Face layout with the project's own code: any geometry,
// F16 or F32 weights, and a byte-level vocabulary (no merges) unless real tokenizer files are given.
// Tests and benchmarks use it where a model of some shape is needed and weights do not matter.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { ClipConfig } from '../model/config';
import { randomParams } from '../model/random-init';
import { checkpointFromParams } from '../weights/clip-keys';
import { toHfConfig } from '../weights/hf-config';
import { writeSafetensors } from '../weights/safetensors-write';
import { bytesToUnicode } from '../tokenizer/bpe';
import { CLIP_PREPROCESSOR } from '../hub/model-bundle';

/** The 256 byte symbols, each alone and word-final, one merge ("t h"), and the two special tokens. */
export function byteVocab(): { vocab: string; merges: string; size: number } {
  const symbols = bytesToUnicode();
  const tokens = [...symbols, ...symbols.map((s) => `${s}</w>`), 'th', '<|startoftext|>', '<|endoftext|>'];
  return { vocab: JSON.stringify(Object.fromEntries(tokens.map((t, i) => [t, i]))), merges: '#version: 0.2\nt h\n', size: tokens.length };
}

export interface RandomClipOptions {
  seed?: number;
  dtype?: 'F16' | 'F32';
  tokenizer?: { vocab: string; merges: string };
}

export function writeRandomClip(dir: string, cfg: ClipConfig, opts: RandomClipOptions = {}): void {
  mkdirSync(dir, { recursive: true });
  const tok = opts.tokenizer ?? byteVocab();
  const params = randomParams(cfg, opts.seed ?? 0);
  const host: Record<string, Float32Array> = {};
  for (const [k, t] of Object.entries(params)) host[k] = t.dataSync() as Float32Array;
  tf.dispose(Object.values(params));
  writeFileSync(join(dir, 'model.safetensors'), writeSafetensors(checkpointFromParams(cfg, host), { dtype: opts.dtype ?? 'F16' }));
  const hf = toHfConfig(cfg) as { torch_dtype: string };
  hf.torch_dtype = opts.dtype === 'F32' ? 'float32' : 'float16';
  writeFileSync(join(dir, 'config.json'), JSON.stringify(hf, null, 2));
  writeFileSync(join(dir, 'vocab.json'), tok.vocab);
  writeFileSync(join(dir, 'merges.txt'), tok.merges);
  writeFileSync(join(dir, 'preprocessor_config.json'), JSON.stringify({ ...CLIP_PREPROCESSOR, crop_size: cfg.vision.imageSize, size: { shortest_edge: cfg.vision.imageSize } }));
}

/** A small geometry unlike the fixture's: patch 16 on 64 px, gelu, 3 heads. */
export const TINY_P16: ClipConfig = {
  vision: { width: 48, layers: 2, heads: 3, mlpWidth: 96, activation: 'gelu', layerNormEps: 1e-5, imageSize: 64, patchSize: 16 },
  text: { width: 32, layers: 1, heads: 2, mlpWidth: 64, activation: 'gelu', layerNormEps: 1e-5, vocabSize: 515, contextLength: 77 },
  projectionDim: 24,
};
