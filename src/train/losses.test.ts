import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../backend/backend-node';
import { lossParts, type LossConfig } from './losses';
import { readSharedJson } from '../testing/shared-fixtures';

// fixed_kd cases carry only the loss and its gradient (the official knowledge_distill returns no parts).
interface Case { variant: string; alpha: number; T: number; gamma?: number; student_logits: number[][]; teacher_logits: number[][]; labels: number[]; loss: number; ce?: number[]; kd?: number[]; w?: number[]; grad_student_logits: number[][] }
const { cases } = readSharedJson<{ cases: Case[] }>('fixtures', 'proreg-loss-cases.json');

/** Max |got - want| relative to the largest reference magnitude (so underflowed weights compare as 0). */
function relErr(got: ArrayLike<number>, want: number[]): number {
  const scale = Math.max(1e-12, ...want.map(Math.abs));
  let worst = 0;
  want.forEach((w, i) => { worst = Math.max(worst, Math.abs(got[i] - w) / scale); });
  return worst;
}

function configOf(c: Case): LossConfig {
  if (c.variant === 'fixed_kd') return { kind: 'kd', alpha: c.alpha, temperature: c.T, variant: 'official', gamma: 1 };
  return { kind: 'proreg', alpha: c.alpha, temperature: c.T, variant: c.variant as LossConfig['variant'], gamma: c.gamma ?? 1 };
}

for (const backend of ['cpu', 'wasm']) {
  describe(`ProReg loss vs the official code (${backend})`, () => {
    it('covers every variant in the fixture', () => {
      expect(new Set(cases.map((c) => c.variant))).toEqual(new Set(['official', 'prob_ratio', 'ce_ratio', 'fixed_kd']));
    });
    cases.forEach((c, i) => {
      it(`case ${i} (${c.variant}, alpha ${c.alpha}, T ${c.T}, gamma ${c.gamma})`, async () => {
        await useNodeBackend(backend);
        const cfg = configOf(c);
        const s = tf.tensor2d(c.student_logits);
        const t = tf.tensor2d(c.teacher_logits);
        const y = tf.tensor1d(c.labels, 'int32');
        const parts = tf.tidy(() => lossParts(cfg, s, t, y));
        const grad = tf.grad((x: tf.Tensor) => lossParts(cfg, x, t, y).loss)(s);
        expect(Math.abs((await parts.loss.data())[0] - c.loss) / Math.abs(c.loss)).toBeLessThan(1e-5);
        if (c.variant !== 'fixed_kd') {
          expect(relErr(await parts.ce.data(), c.ce!)).toBeLessThan(1e-5);
          expect(relErr(await parts.kd.data(), c.kd!)).toBeLessThan(1e-5);
          expect(relErr(await parts.w.data(), c.w!)).toBeLessThan(1e-5);
        }
        expect(relErr(await grad.data(), c.grad_student_logits.flat())).toBeLessThan(1e-5);
        // The true KL is never negative and is 0 when student = teacher.
        const kl = await parts.kl.data();
        kl.forEach((v) => expect(v).toBeGreaterThan(-1e-4));
        tf.dispose([s, t, y, grad, ...Object.values(parts)]);
      });
    });
    it('kl = 0 and w = p^10/(p+p^10) when student equals teacher', async () => {
      await useNodeBackend(backend);
      const z = tf.tensor2d([[2, 0.5, -1], [0.1, 0.2, 0.3]]);
      const y = tf.tensor1d([0, 2], 'int32');
      const parts = lossParts({ kind: 'proreg', alpha: 1, temperature: 1, variant: 'official', gamma: 1 }, z, z, y);
      const kl = await parts.kl.data();
      const p = await parts.pt.data();
      const w = await parts.w.data();
      kl.forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-5));
      p.forEach((pi, i) => expect(w[i]).toBeCloseTo(pi ** 10 / (pi + pi ** 10 + 1e-5), 6));
      tf.dispose([z, y, ...Object.values(parts)]);
    });
  });
}
