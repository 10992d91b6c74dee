// The pretrained features the zero-shot scores, the prompt check and the WiSE-FT sweep read: complete for the
// dataset as it is when they are handed out, also where the dataset changed while images were being encoded
// (a sweep once failed with "Cannot convert undefined or null to object" on an image imported meanwhile).
import { describe, expect, it, beforeAll } from 'vitest';
import { readFileSync, readdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useNodeBackend } from '../backend/backend-node';
import { decodeImageBytes } from '../data/decode-node';
import { memorySource } from '../hub/file-source';
import type { WorkerEvent } from '../protocol/messages';
import { barDir, tinyClipDir } from '../testing/shared-fixtures';
import { TINY_P16, writeRandomClip } from '../testing/random-clip-node';
import { EngineSession } from './session';

const modelDir = mkdtempSync(join(tmpdir(), 'proreg-features-model-'));
const blobOf = (path: string) => new Blob([readFileSync(path)]);

beforeAll(async () => {
  await useNodeBackend('cpu');
  const tok = { vocab: readFileSync(join(tinyClipDir, 'vocab.json'), 'utf8'), merges: readFileSync(join(tinyClipDir, 'merges.txt'), 'utf8') };
  writeRandomClip(modelDir, { ...TINY_P16, text: { ...TINY_P16.text, vocabSize: 49408 } }, { seed: 3, tokenizer: tok });
});

describe('pretrained features while the dataset changes', () => {
  it('a dataset changed mid-encoding gets its new images encoded before the features are handed out', async () => {
    let onProgress: ((e: WorkerEvent) => void) | null = null;
    const session = new EngineSession((e) => onProgress?.(e), async (bytes, name) => decodeImageBytes(bytes, name));
    await session.loadModel(memorySource('model', Object.fromEntries(readdirSync(modelDir).map((f) => [f, blobOf(join(modelDir, f))]))));
    const files = readdirSync(join(barDir, 'train')).sort().slice(0, 12).map((f) => ({ path: `bar/train/${f}`, blob: blobOf(join(barDir, 'train', f)) }));
    const all = (await session.importFiles(files)).samples;
    const { classes } = session.dataset;
    // The dataset without its last 4 images (as after a delete), then encoding starts...
    session.dataset.update(classes, all.slice(0, 8));
    let changed = 0;
    onProgress = (e) => {
      // ...and the 4 images come back (an import, an undo) while the first batch is being encoded.
      if (e.type === 'progress' && e.progress.phase === 'encoding' && changed++ === 0) session.dataset.update(classes, all);
    };
    const [first, second] = await Promise.all([session.pretrainedFeatures(), session.pretrainedFeatures()]);
    expect(changed).toBeGreaterThan(0);
    expect(second).toBe(first); // one encoding shared by both callers
    expect(all.filter((s) => !first.has(s.id)).map((s) => s.path)).toEqual([]);
    // What the sweep and the prompt check ask of them then: every image scored.
    const logits = await session.zeroShotLogits(all.map((s) => s.id));
    expect(logits.length).toBe(all.length * classes.length);
    expect(logits.every(Number.isFinite)).toBe(true);
  });

  it('an image no longer in the dataset is named, not a type error', async () => {
    const session = new EngineSession(() => {}, async (bytes, name) => decodeImageBytes(bytes, name));
    await session.loadModel(memorySource('model', Object.fromEntries(readdirSync(modelDir).map((f) => [f, blobOf(join(modelDir, f))]))));
    const files = readdirSync(join(barDir, 'train')).sort().slice(0, 6).map((f) => ({ path: `bar/train/${f}`, blob: blobOf(join(barDir, 'train', f)) }));
    const all = (await session.importFiles(files)).samples;
    session.dataset.update(session.dataset.classes, all.slice(0, 4));
    await expect(session.zeroShotLogits(all.map((s) => s.id))).rejects.toThrow(/^2 of the 6 images asked for are no longer in the dataset/);
  });
});
