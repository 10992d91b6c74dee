import { describe, expect, it } from 'vitest';
import type { DatasetSample } from '../../protocol/messages';
import type { EvalResult } from '../../protocol/train-types';
import { estimateSeconds, formatMinutes, lessonConfigs, officialWeight, readResult, turnarounds, type MethodResult } from './lesson-plan';

const sample = (id: number, label: number): DatasetSample => ({ id, path: `test/c${label}/${id}.jpg`, label, split: 'test' });
const testEval = (predicted: number[], probTrue: number[]): EvalResult => ({
  step: 1, epoch: 1, splits: [{
    split: 'test', count: predicted.length, accuracy: 0, perClass: [], perGroup: {}, worstGroup: null, confusion: [],
    ids: Int32Array.from(predicted.keys()), predicted: Int32Array.from(predicted), probTrue: Float32Array.from(probTrue),
  }],
});
const result = (method: MethodResult['method'], inPlace: number, offPlace: number): MethodResult => ({ method, runId: method, inPlace, offPlace });

describe('bias lesson plan', () => {
  it('uses the same held-out images for every run and trains only the head without a GPU', () => {
    const cpu = lessonConfigs('wasm');
    expect(new Set(Object.values(cpu).map((c) => `${c.valFraction}/${c.seed}`)).size).toBe(1);
    expect(cpu.proreg.scope).toBe('head');
    expect(lessonConfigs('webgpu').proreg.scope).toBe('last-1');
    expect(Object.values(cpu).map((c) => c.method)).toEqual(['zero-shot', 'finetune', 'proreg']);
  });

  it('estimates the time from the measured speed', () => {
    const gpu = lessonConfigs('webgpu');
    const slow = estimateSeconds(gpu, { train: 1500, all: 2600 }, 10, 12);
    const fast = estimateSeconds(gpu, { train: 1500, all: 2600 }, 100, 12);
    expect(slow).toBeGreaterThan(fast * 5);
    expect(Number.isNaN(estimateSeconds(gpu, { train: 1, all: 2 }, NaN, 12))).toBe(true);
    expect(formatMinutes(30)).toBe('under a minute');
    expect(formatMinutes(150)).toBe('about 3 minutes');
  });

  it('finds the off-place images fine-tuning got wrong and ProReg got right, with w from the official formula', () => {
    const samples = [sample(0, 0), sample(1, 1), sample(2, 0)];
    const zs = testEval([0, 0, 0], [0.9, 0.3, 0.95]);
    const ft = testEval([1, 1, 0], [0.2, 0.8, 0.9]);
    const pr = testEval([0, 1, 0], [0.7, 0.6, 0.9]);
    const t = turnarounds(zs, ft, pr, samples);
    expect(t.map((x) => x.id)).toEqual([0]);
    expect(t[0]).toMatchObject({ ftPredicted: 1, label: 0 });
    expect(t[0].pt).toBeCloseTo(0.9, 6);
    expect(t[0].w).toBeCloseTo(0.9 ** 10 / (0.7 + 0.9 ** 10 + 1e-5), 6);
    expect(officialWeight(1, 1)).toBeCloseTo(0.5, 4);
  });

  it('reads the result from the numbers, and says why when ProReg did not win', () => {
    const won = readResult({ 'zero-shot': result('zero-shot', 0.7, 0.6), finetune: result('finetune', 0.9, 0.5), proreg: result('proreg', 0.88, 0.62) }, 300, 3);
    expect(won).toContain('Plain fine-tuning reached 90% on images like its training ones but 50% on images in unusual places — a gap of 40 points');
    expect(won).toContain('ProReg scored 62% off-place, 12 points above plain fine-tuning');
    expect(won).toContain('3 images below went from wrong to right');
    const lost = readResult({ 'zero-shot': result('zero-shot', 0.3, 0.2), finetune: result('finetune', 0.5, 0.4), proreg: result('proreg', 0.5, 0.35) }, 6, 0);
    expect(lost).toContain('This time ProReg did not beat plain fine-tuning off-place (35% against 40%)');
    expect(lost).toContain('the prompts’ own guess is poor here (20% off-place)');
    expect(lost).toContain('the runs were short (6 training steps)');
  });
});
