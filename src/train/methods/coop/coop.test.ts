// CoOp against scripts/reference/coop.py (a line-by-line PyTorch port of KaiyangZhou/CoOp's prompt
// learner and ProReg's coop_finetune): ten steps' losses and the final logits to 1e-3 on cpu and wasm,
// the gradient of the context vectors at step 0 to 1e-4, and the prompts laid out as the official code does.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../../../backend/backend-node';
import { loadTinyClip, readReference, referencePixels, relativeError, runReference, tensorValue } from '../../../testing/method-reference';
import { DEFAULT_METHOD_OPTIONS, type OptimizerKind, type TrainConfig } from '../../../protocol/train-types';
import { classEmbeddings } from '../../zero-shot';
import { cosineLogits } from '../../finetune-model';
import { lossParts, DEFAULT_LOSS } from '../../losses';
import { COOP_CTX, COOP_INIT, CoopHead } from './coop-head';

interface Run {
  name: string; layout: 'coop' | 'proreg'; context: 'unified' | 'class'; tokens: number; init: string; optimizer: OptimizerKind;
  lr: number; weight_decay: number; loss: 'ce' | 'proreg'; init_ctx: number[][][]; loss_trajectory: number[]; grad_ctx_step0: number[][][]; final_logits: number[][];
}
const ref = readReference<Run>('coop.json');

function config(run: Run): Partial<TrainConfig> {
  return {
    method: 'coop', lrHead: run.lr, weightDecay: run.weight_decay, alpha: 1, variant: 'official',
    methodOptions: { ...DEFAULT_METHOD_OPTIONS, proreg: run.loss === 'proreg', optimizer: run.optimizer, coop: { context: run.context, tokens: run.tokens, init: run.init, layout: run.layout } },
  };
}

for (const backend of ['cpu', 'wasm']) {
  describe(`CoOp reference trajectories (${backend})`, () => {
    for (const run of ref.runs) {
      it(`${run.name}: loss at every step and final logits to 1e-3`, async () => {
        await useNodeBackend(backend);
        const { points, logits, before, after } = await runReference(ref, config(run), { [COOP_INIT]: tensorValue(run.init_ctx) });
        expect(points).toHaveLength(ref.steps);
        points.forEach((p, i) => expect(Math.abs(p.loss - run.loss_trajectory[i]) / run.loss_trajectory[i], `step ${i}`).toBeLessThan(1e-3));
        expect(relativeError(logits, run.final_logits.flat())).toBeLessThan(1e-3);
        expect(after).toBeLessThanOrEqual(before);
      });
    }
  });
}

describe('CoOp gradient through the text tower', () => {
  for (const run of ref.runs) {
    it(`${run.name}: d loss / d ctx at step 0 to 1e-4`, async () => {
      await useNodeBackend('cpu');
      const { model, tokenizer } = loadTinyClip();
      const o = config(run).methodOptions!;
      const head = new CoopHead(model, tokenizer, ref.classes, o.coop, Math.random, { [COOP_INIT]: tensorValue(run.init_ctx) });
      const px = referencePixels(ref.images);
      const pixels = tf.tensor4d(Float32Array.from([...px.values()].flatMap((a) => Array.from(a))), [ref.images.length, 3, 224, 224]);
      const features = model.encodeImage(pixels);
      const w0 = classEmbeddings(model, tokenizer, ref.classes, [ref.template]);
      const teacher = cosineLogits(features, w0, model.params['logit_scale']);
      const labels = tf.tensor1d(ref.labels, 'int32');
      const { grads, value } = tf.variableGrads(() => lossParts({ ...DEFAULT_LOSS, kind: run.loss }, head.logits(features), teacher, labels).loss, [head.vars[COOP_CTX]]);
      expect(Math.abs((await value.data())[0] - run.loss_trajectory[0]) / run.loss_trajectory[0]).toBeLessThan(1e-4);
      const g = (await grads[head.vars[COOP_CTX].name].data()) as Float32Array;
      const want = tensorValue(run.grad_ctx_step0);
      expect(grads[head.vars[COOP_CTX].name].shape).toEqual(want.shape);
      expect(relativeError(g, want.data)).toBeLessThan(1e-4);
      tf.dispose([pixels, features, w0, teacher, labels, value, ...Object.values(grads), ...Object.values(head.vars)]);
      head.dispose();
      model.dispose();
    });
  }
});
