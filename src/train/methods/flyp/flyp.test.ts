// FLYP against scripts/reference/flyp.py (a line-by-line PyTorch port of locuslab/FLYP's flyp_loss loop and
// ClipLoss, commit 215d5bb): both towers trained within the scope, the loss at every one of ten steps and
// the final zero-shot logits of the fine-tuned towers to 1e-3 on cpu and wasm, with and without ProReg.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../../../backend/backend-node';
import { loadTinyClip, readReference, relativeError, runReference } from '../../../testing/method-reference';
import { DEFAULT_METHOD_OPTIONS } from '../../../protocol/train-types';
import { clipSpec } from '../../../model/params';
import { trainedTextParams, trainedVisionParams } from '../../scope';
import { parseScope } from '../../../protocol/scope';
import { contrastiveLoss } from './clip-loss';
import { tokenLookup, tokenRows } from './token-rows';

interface Run { name: string; scope: string; loss: 'flyp' | 'proreg'; trained: string[]; trained_elements: { vision: number; text: number; logit_scale: number }; loss_trajectory: number[]; final_logits: number[][] }
const ref = readReference<Run>('flyp.json') as ReturnType<typeof readReference<Run>> & { lr: number; weight_decay: number; alpha: number };

for (const backend of ['cpu', 'wasm']) {
  describe(`FLYP reference trajectories (${backend})`, () => {
    for (const run of ref.runs) {
      it(`${run.name}: loss at every step and final logits to 1e-3`, async () => {
        await useNodeBackend(backend);
        const { points, logits, before, after } = await runReference(ref, {
          method: 'flyp', scope: run.scope, lrEncoder: ref.lr, lrHead: ref.lr, weightDecay: ref.weight_decay, alpha: ref.alpha, variant: 'official',
          methodOptions: { ...DEFAULT_METHOD_OPTIONS, proreg: run.loss === 'proreg' },
        });
        expect(points).toHaveLength(ref.steps);
        points.forEach((p, i) => expect(Math.abs(p.loss - run.loss_trajectory[i]) / run.loss_trajectory[i], `step ${i}`).toBeLessThan(1e-3));
        expect(relativeError(logits, run.final_logits.flat())).toBeLessThan(1e-3);
        expect(after).toBeLessThanOrEqual(before);
      });
    }
  });
}

describe('FLYP over micro-batches (wasm)', () => {
  // The contrastive loss compares every image with every caption of the batch: micro-batches of 4 or 2 must
  // give the loss and gradients of the whole batch of 8 (coupled-grads.ts), so the same trajectory.
  for (const [name, micro] of [['flyp-full-proreg', 4], ['flyp-last-1', 2]] as const) {
    it(`${name} in micro-batches of ${micro}: the reference trajectory of the whole batch`, async () => {
      await useNodeBackend('wasm');
      const run = ref.runs.find((r) => r.name === name)!;
      const { points, logits, before, after } = await runReference(ref, {
        method: 'flyp', scope: run.scope, microBatch: micro, lrEncoder: ref.lr, lrHead: ref.lr, weightDecay: ref.weight_decay, alpha: ref.alpha, variant: 'official',
        methodOptions: { ...DEFAULT_METHOD_OPTIONS, proreg: run.loss === 'proreg' },
      });
      points.forEach((p, i) => expect(Math.abs(p.loss - run.loss_trajectory[i]) / run.loss_trajectory[i], `step ${i}`).toBeLessThan(1e-3));
      expect(relativeError(logits, run.final_logits.flat())).toBeLessThan(1e-3);
      expect(after).toBeLessThanOrEqual(before);
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
