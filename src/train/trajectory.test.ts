// The reference's ten AdamW steps of ProReg on tiny-clip-b32 (proreg-trajectories.json), through the real loop.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../backend/backend-node';
import { parseSafetensors } from '../weights/safetensors';
import { loadClipModel } from '../weights/load-clip';
import { ClipTokenizer } from '../tokenizer/clip-tokenizer';
import { readF32, readSharedJson, tinyClipDir, tinyClipReferenceDir } from '../testing/shared-fixtures';
import { DEFAULT_TRAIN_CONFIG, type StepPoint, type TrainConfig } from '../protocol/train-types';
import { classEmbeddings } from './zero-shot';
import { memoryData } from './memory-data';
import { Trainer } from './trainer';

interface Run {
  name: string; images: string[]; classes: string[]; template: string; labels: number[]; scope: string; variant: string; gamma: number; alpha: number; steps: number;
  optimizer: { betas: [number, number]; eps: number; weight_decay: number; lr_head: number; lr_encoder: number };
  trajectory: { loss: number; ce_mean: number }[]; final_logits: number[][]; final_logit_scale: number;
}
const { runs } = readSharedJson<{ runs: Run[] }>('fixtures', 'proreg-trajectories.json');

export async function runTrajectory(run: Run) {
  const model = loadClipModel(JSON.parse(readFileSync(join(tinyClipDir, 'config.json'), 'utf8')), parseSafetensors(new Uint8Array(readFileSync(join(tinyClipDir, 'model.safetensors')))));
  const tok = ClipTokenizer.fromFiles(readFileSync(join(tinyClipDir, 'vocab.json'), 'utf8'), readFileSync(join(tinyClipDir, 'merges.txt'), 'utf8'));
  const pixels = new Map(run.images.map((name, i) => [i, readF32(join(tinyClipReferenceDir, 'images', `${name}.pixels.f32`))]));
  const samples = run.labels.map((label, id) => ({ id, label, split: 'train' as const }));
  const cfg: TrainConfig = {
    ...DEFAULT_TRAIN_CONFIG, method: 'proreg', scope: run.scope, alpha: run.alpha, variant: run.variant as TrainConfig['variant'], gamma: run.gamma,
    lrEncoder: run.optimizer.lr_encoder, lrHead: run.optimizer.lr_head, weightDecay: run.optimizer.weight_decay, schedule: 'constant',
    epochs: run.steps, batchSize: 8, microBatch: 8, augment: 'none', valFraction: 0, evalsPerEpoch: 1,
  };
  const w0 = classEmbeddings(model, tok, run.classes, [run.template]);
  const points: StepPoint[] = [];
  const trainer = new Trainer(model, w0, memoryData(run.classes, samples, pixels), cfg, { step: (p) => points.push(p) });
  const before = tf.memory().numTensors;
  const result = await trainer.train();
  const logits = await trainer.logitsFor(samples.map((s) => s.id));
  const scale = (await result.model.vars['head.scale'].data())[0];
  trainer.dispose();
  result.model.dispose();
  w0.dispose();
  model.dispose();
  return { points, logits, scale, before };
}

// Ten full-encoder steps on the cpu backend take ~1 min alone and over 2 min on a loaded machine: a generous
// ceiling, not a timing check.
for (const backend of ['cpu', 'wasm']) {
  describe(`ProReg trajectories (${backend})`, { timeout: 900_000 }, () => {
    for (const run of runs) {
      it(`${run.name}: loss at every step and final logits to 1e-3`, async () => {
        await useNodeBackend(backend);
        const { points, logits, scale } = await runTrajectory(run);
        expect(points.map((p) => p.step)).toEqual([...Array(run.steps).keys()]);
        points.forEach((p, i) => {
          expect(Math.abs(p.loss - run.trajectory[i].loss) / Math.abs(run.trajectory[i].loss), `step ${i} loss`).toBeLessThan(1e-3);
          expect(Math.abs(p.means.ce - run.trajectory[i].ce_mean) / run.trajectory[i].ce_mean, `step ${i} ce`).toBeLessThan(1e-3);
        });
        const want = run.final_logits.flat();
        const maxAbs = Math.max(...want.map(Math.abs));
        want.forEach((w, i) => expect(Math.abs(logits[i] - w) / maxAbs).toBeLessThan(1e-3));
        expect(Math.abs(scale - run.final_logit_scale)).toBeLessThan(1e-3);
      });
    }
  });
}
