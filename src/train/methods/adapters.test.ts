// CLIP-Adapter, Tip-Adapter and Tip-Adapter-F against scripts/reference/adapters.py (PyTorch ports of
// gaopengcuhk/CLIP-Adapter and gaopengcuhk/Tip-Adapter): ten steps' losses and final logits to 1e-3 on cpu
// and wasm; Tip-Adapter's cache logits and its validation search of beta and alpha.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../../backend/backend-node';
import { loadTinyClip, readReference, referencePixels, relativeError, runReference, tensorValue } from '../../testing/method-reference';
import { DEFAULT_METHOD_OPTIONS, type TrainConfig } from '../../protocol/train-types';
import { classEmbeddings } from '../zero-shot';
import { searchGrid, TipAdapterHead } from './tip-adapter/tip-adapter-head';

interface Search { val: number[]; accuracy: number; beta: number; alpha: number; logits: number[][] }
interface Run {
  name: string; method: 'clip-adapter' | 'tip-adapter' | 'tip-adapter-f'; loss?: 'ce' | 'proreg'; ratio?: number; reduction?: number; lr?: number; weight_decay?: number;
  alpha?: number; beta?: number; init?: { fc1: number[][]; fc2: number[][] }; loss_trajectory?: number[]; final_logits?: number[][];
  cache?: number[]; logits_init?: number[][]; search?: { heldout: Search; all: Search };
}
const ref = readReference<Run>('adapters.json') as ReturnType<typeof readReference<Run>> & { search_scale: [number, number]; search_step: [number, number] };
const tip = { ...DEFAULT_METHOD_OPTIONS.tipAdapter, searchScale: ref.search_scale, searchSteps: ref.search_step };

function config(run: Run): Partial<TrainConfig> {
  return {
    method: run.method, lrHead: run.lr, weightDecay: run.weight_decay, alpha: 1, variant: 'official',
    methodOptions: {
      ...DEFAULT_METHOD_OPTIONS, proreg: run.loss === 'proreg',
      clipAdapter: { ratio: run.ratio ?? 0.2, reduction: run.reduction ?? 4 },
      tipAdapter: { ...tip, alpha: run.alpha ?? tip.alpha, beta: run.beta ?? tip.beta },
    },
  };
}

const trained = ref.runs.filter((r) => r.loss_trajectory);
const tipRun = ref.runs.find((r) => r.method === 'tip-adapter')!;

for (const backend of ['cpu', 'wasm']) {
  describe(`adapter reference trajectories (${backend})`, () => {
    for (const run of trained) {
      it(`${run.name}: loss at every step and final logits to 1e-3`, async () => {
        await useNodeBackend(backend);
        const init = run.init ? { fc1: tensorValue(run.init.fc1), fc2: tensorValue(run.init.fc2) } : undefined;
        const { points, logits, before, after } = await runReference(ref, config(run), init);
        expect(points).toHaveLength(ref.steps);
        points.forEach((p, i) => expect(Math.abs(p.loss - run.loss_trajectory![i]) / run.loss_trajectory![i], `step ${i}`).toBeLessThan(1e-3));
        expect(relativeError(logits, run.final_logits!.flat())).toBeLessThan(1e-3);
        expect(after).toBeLessThanOrEqual(before);
      });
    }

    it('tip-adapter: training-free, the cache from the train split, beta and alpha searched on val', async () => {
      await useNodeBackend(backend);
      const labels = ref.labels;
      // Images 0-3 train (the cache), 4-7 validation: the reference's held-out search.
      const samples = labels.map((label, id) => ({ id, label, split: id < 4 ? ('train' as const) : ('val' as const) }));
      const { points, logits, searched } = await runReference(ref, { ...config(tipRun), valFraction: 0 }, undefined, samples);
      expect(points).toHaveLength(0);
      const want = tipRun.search!.heldout;
      expect(searched).toMatchObject({ beta: want.beta, alpha: want.alpha, accuracy: want.accuracy });
      expect(relativeError(logits, want.logits.flat())).toBeLessThan(1e-3);
    });
  });
}

describe('Tip-Adapter cache and search', () => {
  it('the grid is search_hp\'s', () => {
    expect(searchGrid(7, 200)[1]).toBeCloseTo(0.1 + 6.9 / 200, 12);
    expect(searchGrid(3, 20)).toHaveLength(20);
  });

  it('logits at the initial values and the search over all eight images match the reference', async () => {
    await useNodeBackend('cpu');
    const { model, tokenizer } = loadTinyClip();
    const px = referencePixels(ref.images);
    const pixels = tf.tensor4d(Float32Array.from([...px.values()].flatMap((a) => Array.from(a))), [ref.images.length, 3, 224, 224]);
    const features = model.encodeImage(pixels);
    const w0 = classEmbeddings(model, tokenizer, ref.classes, [ref.template]);
    const head = new TipAdapterHead(w0, model.params['logit_scale'], tip, false);
    const host = (await features.data()) as Float32Array;
    const E = features.shape[1];
    head.buildCache(host.slice(0, 4 * E), ref.labels.slice(0, 4));
    const init = head.logits(features);
    expect(relativeError((await init.data()) as Float32Array, tipRun.logits_init!.flat())).toBeLessThan(1e-5);
    const want = tipRun.search!.all;
    const chosen = await head.search(features, ref.labels);
    expect(chosen).toEqual({ beta: want.beta, alpha: want.alpha, accuracy: want.accuracy });
    const after = head.logits(features);
    expect(relativeError((await after.data()) as Float32Array, want.logits.flat())).toBeLessThan(1e-5);
    tf.dispose([pixels, features, w0, init, after, ...Object.values(head.vars)]);
    head.dispose();
    model.dispose();
  });
});
