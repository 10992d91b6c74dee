import { describe, expect, it } from 'vitest';
import type { SampleArrays, StepPoint } from '../protocol/train-types';
import { createMetricsStore } from './metrics-store';

function step(stepNo: number, epoch: number, ids: number[], extra: Record<string, number> = {}): [StepPoint, SampleArrays] {
  const f = (k: number) => new Float32Array(ids.map((id) => id / 10 + k));
  return [
    { step: stepNo, epoch, loss: 1 / (stepNo + 1), means: { ce: 0.5, kl: 0.1, w: 0.3, ...extra }, lrEncoder: 1e-5, lrHead: 1e-3 },
    { ids: new Int32Array(ids), ce: f(0), kl: f(0.01), w: f(0.02), ps: f(0.03), pt: f(0.04) },
  ];
}

describe('metrics store', () => {
  it('keeps one series per part name, including names it never heard of', () => {
    const m = createMetricsStore();
    m.getState().pushStep('r', ...step(0, 0, [0, 1]));
    m.getState().pushStep('r', ...step(1, 0, [2, 3], { novel: 7 }));
    const r = m.getState().runs.r;
    expect([...r.means.keys()].sort()).toEqual(['ce', 'kl', 'loss', 'novel', 'w']);
    expect(r.means.get('novel')!.points()).toEqual([{ x: 1, y: 7 }]);
    expect(m.getState().version).toBe(2);
  });

  it('collects this epoch\'s samples in typed arrays and starts over at a new epoch', () => {
    const m = createMetricsStore();
    for (let i = 0; i < 100; i++) m.getState().pushStep('r', ...step(i, 0, [i * 4, i * 4 + 1, i * 4 + 2, i * 4 + 3]));
    const r = m.getState().runs.r;
    expect(r.epochSamples.count).toBe(400);
    expect(r.epochSamples.w).toBeInstanceOf(Float32Array);
    expect(r.epochSamples.ids[399]).toBe(399);
    m.getState().pushStep('r', ...step(100, 1, [5]));
    expect(r.epochSamples.count).toBe(1);
  });

  it('keeps the latest values and a history per sample id', () => {
    const m = createMetricsStore();
    m.getState().pushStep('r', ...step(0, 0, [7]));
    m.getState().pushStep('r', ...step(1, 1, [7, 2]));
    const r = m.getState().runs.r;
    expect(r.latest.has(7)).toBe(true);
    expect(r.latest.has(3)).toBe(false);
    expect(r.latest.step[7]).toBe(1);
    expect(r.latest.pt[2]).toBeCloseTo(0.24);
    expect(r.history.get(7)!.step).toEqual([0, 1]);
    m.getState().resetRun('r');
    expect(m.getState().runs.r.steps).toBe(0);
  });
});
