// FLYP against scripts/reference/flyp.py (a line-by-line PyTorch port of locuslab/FLYP's flyp_loss loop and
// ClipLoss, commit 215d5bb): both towers trained within the scope, the loss at every one of ten steps and
// the final zero-shot logits of the fine-tuned towers to 1e-3 on cpu and wasm, with and without ProReg, and
// on FLYP's cosine schedule (its cosine_lr ported line by line: every step's rate to 1e-7), and with several
// templates, each image paired with each template in turn as FLYP's csv rows and loader pair them.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../../../backend/backend-node';
import { loadTinyClip, readReference, relativeError, runReference } from '../../../testing/method-reference';
import { DEFAULT_METHOD_OPTIONS } from '../../../protocol/train-types';
import { clipSpec } from '../../../model/params';
import { trainedTextParams, trainedVisionParams } from '../../scope';
import { parseScope } from '../../../protocol/scope';
import { lrMultiplier } from '../../schedule';
import { contrastiveLoss } from './clip-loss';
import { pairedBatch } from './caption-pairs';
import { tokenLookup, tokenRows } from './token-rows';

interface Run {
  name: string; scope: string; loss: 'flyp' | 'proreg'; trained: string[]; trained_elements: { vision: number; text: number; logit_scale: number }; loss_trajectory: number[]; final_logits: number[][];
  /** FLYP's cosine schedule and the rate cosine_lr gave each step (absent: constant rate). */
  schedule?: { kind: 'cosine'; warmup_steps: number }; lrs?: number[];
  /** Several templates: each step's (image, template) pairs. */
  templates?: string[]; batches?: [number, number][][];
}
interface ScheduleCase { lr: number; warmup_steps: number; steps: number; lrs: number[] }
const ref = readReference<Run>('flyp.json') as ReturnType<typeof readReference<Run>> & { lr: number; weight_decay: number; alpha: number; seed: number; schedules: ScheduleCase[] };
/** The run's schedule as config fields. */
const scheduleOf = (run: Run) => (run.schedule ? { schedule: run.schedule.kind, warmupSteps: run.schedule.warmup_steps } : {});
const LR_TOLERANCE = 1e-7;

for (const backend of ['cpu', 'wasm']) {
  describe(`FLYP reference trajectories (${backend})`, () => {
    for (const run of ref.runs) {
      it(`${run.name}: loss at every step and final logits to 1e-3`, async () => {
        await useNodeBackend(backend);
        const { points, logits, before, after } = await runReference(ref, {
          method: 'flyp', scope: run.scope, lrEncoder: ref.lr, lrHead: ref.lr, weightDecay: ref.weight_decay, alpha: ref.alpha, variant: 'official',
          methodOptions: { ...DEFAULT_METHOD_OPTIONS, proreg: run.loss === 'proreg' }, seed: ref.seed, ...scheduleOf(run),
        }, undefined, undefined, run.templates);
        expect(points).toHaveLength(ref.steps);
        points.forEach((p, i) => expect(Math.abs(p.loss - run.loss_trajectory[i]) / run.loss_trajectory[i], `step ${i}`).toBeLessThan(1e-3));
        const lrs = run.lrs ?? points.map(() => ref.lr);
        points.forEach((p, i) => {
          expect(Math.abs(p.lrEncoder - lrs[i]) / lrs[i], `step ${i} encoder rate`).toBeLessThan(LR_TOLERANCE);
          expect(Math.abs(p.lrHead - lrs[i]) / lrs[i], `step ${i} head rate`).toBeLessThan(LR_TOLERANCE);
        });
        expect(relativeError(logits, run.final_logits.flat())).toBeLessThan(1e-3);
        expect(after).toBeLessThanOrEqual(before);
      });
    }
  });
}

describe('FLYP over micro-batches (wasm)', () => {
  // The contrastive loss compares every image with every caption of the batch: micro-batches of 4 or 2 must
  // give the loss and gradients of the whole batch of 8 (coupled-grads.ts), so the same trajectory.
  for (const [name, micro] of [['flyp-full-proreg', 4], ['flyp-last-1', 2], ['flyp-last-1-templates', 4]] as const) {
    it(`${name} in micro-batches of ${micro}: the reference trajectory of the whole batch`, async () => {
      await useNodeBackend('wasm');
      const run = ref.runs.find((r) => r.name === name)!;
      const { points, logits, before, after } = await runReference(ref, {
        method: 'flyp', scope: run.scope, microBatch: micro, lrEncoder: ref.lr, lrHead: ref.lr, weightDecay: ref.weight_decay, alpha: ref.alpha, variant: 'official',
        methodOptions: { ...DEFAULT_METHOD_OPTIONS, proreg: run.loss === 'proreg' }, seed: ref.seed,
      }, undefined, undefined, run.templates);
      points.forEach((p, i) => expect(Math.abs(p.loss - run.loss_trajectory[i]) / run.loss_trajectory[i], `step ${i}`).toBeLessThan(1e-3));
      expect(relativeError(logits, run.final_logits.flat())).toBeLessThan(1e-3);
      expect(after).toBeLessThanOrEqual(before);
    });
  }
});

describe('FLYP with several templates', () => {
  const runs = ref.runs.filter((r) => r.templates);

  it('pairs each image with each template in turn: the reference\'s pairs, step by step, from the seed', () => {
    expect(runs.map((r) => r.templates!.length)).toEqual([3, 2]);
    const ids = ref.labels.map((_, i) => i);
    for (const run of runs) {
      const K = run.templates!.length;
      expect(run.batches).toHaveLength(ref.steps);
      run.batches!.forEach((pairs, s) => {
        const got = pairedBatch(ids, K, ids.length, ref.seed, s);
        expect(got.ids.map((id, j) => [id, got.templates[j]]), `${run.name} step ${s}`).toEqual(pairs);
      });
      // Every (image, template) pair once per pass over the N*K pairs.
      const perPass = Math.ceil((ids.length * K) / ids.length);
      const pass = run.batches!.slice(0, perPass).flat().map(([i, k]) => i * K + k).sort((a, b) => a - b);
      expect(pass).toEqual(Array.from({ length: ids.length * K }, (_, p) => p));
    }
  });

  it('a pass whose pairs do not fill the last batch ends with a short one, and the next pass reshuffles', () => {
    const ids = [10, 11, 12, 13, 14];
    const steps = [0, 1, 2, 3].map((s) => pairedBatch(ids, 2, 4, 7, s)); // 10 pairs: batches of 4, 4, 2, then a new pass
    expect(steps.map((b) => b.ids.length)).toEqual([4, 4, 2, 4]);
    const first = steps.slice(0, 3).flatMap((b) => b.ids.map((id, j) => `${id}/${b.templates[j]}`)).sort();
    expect(first).toEqual(ids.flatMap((id) => [`${id}/0`, `${id}/1`]).sort());
    expect(pairedBatch(ids, 2, 4, 8, 0)).not.toEqual(steps[0]);
  });
});

describe('FLYP\'s cosine schedule', () => {
  it('a cosine run follows cosine_lr\'s rates (the reference has one)', () => {
    expect(ref.runs.filter((r) => r.schedule?.kind === 'cosine').map((r) => r.lrs?.length)).toEqual([ref.steps]);
  });

  for (const c of ref.schedules) {
    it(`base ${c.lr}, ${c.warmup_steps} warm-up steps of ${c.steps}: the rate of every step to 1e-7`, () => {
      expect(c.lrs).toHaveLength(c.steps);
      c.lrs.forEach((want, t) => {
        const got = c.lr * lrMultiplier('cosine', t, c.steps, { warmupSteps: c.warmup_steps });
        expect(Math.abs(got - want) / want, `step ${t}`).toBeLessThan(LR_TOLERANCE);
      });
    });
  }
});

describe('FLYP parts', () => {
  it('trains what the reference trains, scope by scope (elements per tower; the engine fuses q, k, v)', async () => {
    await useNodeBackend('cpu');
    const { model } = loadTinyClip();
    const spec = clipSpec(model.config);
    const size = (names: string[]) => names.reduce((a, n) => a + spec[n].reduce((x, y) => x * y, 1), 0);
    for (const run of ref.runs) {
      const scope = parseScope(run.scope);
      expect({ vision: size(trainedVisionParams(model.config, scope)), text: size(trainedTextParams(model.config, scope)), logit_scale: 1 }, run.name).toEqual(run.trained_elements);
    }
    model.dispose();
  });

  it('the contrastive loss equals CLIP\'s symmetric cross-entropy over image-text pairs', async () => {
    await useNodeBackend('cpu');
    const z = tf.tensor2d([[3, 1, 0.5], [0.2, 2, 1], [1, 1, 4], [2.5, 0, 1]]);
    const y = tf.tensor1d([0, 1, 2, 0], 'int32');
    const per = (await contrastiveLoss(z, y).data()) as Float32Array;
    // By hand: P[i][j] = z[i][y_j]; image row i and text row i toward the diagonal.
    const Z = (await z.array()) as number[][];
    const Y = [0, 1, 2, 0];
    const P = Z.map((row) => Y.map((c) => row[c]));
    const lse = (xs: number[]) => Math.log(xs.reduce((a, x) => a + Math.exp(x), 0));
    const want = P.map((row, i) => (lse(row) - row[i] + lse(P.map((r) => r[i])) - P[i][i]) / 2);
    want.forEach((w, i) => expect(per[i]).toBeCloseTo(w, 5));
    tf.dispose([z, y]);
  });

  it('token rows: the table gradient sums over repeated ids (no UnsortedSegmentSum)', async () => {
    await useNodeBackend('wasm');
    const table = tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]);
    const ids = Int32Array.from([2, 0, 2, 3]);
    const lookup = tokenLookup(ids);
    const dy = tf.tensor2d([[1, 0], [0, 1], [2, 2], [1, 1]]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tokenRows(t, lookup), dy)))(table);
    expect(Array.from(await tokenRows(table, lookup).data())).toEqual([5, 6, 1, 2, 5, 6, 7, 8]);
    expect(Array.from(await g.data())).toEqual([0, 1, 0, 0, 3, 2, 1, 1]);
    tf.dispose([table, dy, g]);
  });
});
