import { describe, expect, it } from 'vitest';
import type { SampleArrays, StepPoint } from '../protocol/train-types';
import { createMetricsStore } from './metrics-store';
import { runKey, sameKey, watchMetrics } from './metrics-watch';
import { SampleTrail } from './sample-buffers';

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
    const cols = r.epochSamples.columns();
    expect(cols.w).toBeInstanceOf(Float32Array);
    expect(cols.ids[399]).toBe(399);
    expect(cols.w[399]).toBeCloseTo(39.92);
    m.getState().pushStep('r', ...step(100, 1, [5]));
    expect(r.epochSamples.count).toBe(1);
    expect([...r.epochSamples.columns().ids]).toEqual([5]);
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
    expect(r.history.get(7)!.points().map((p) => p.step)).toEqual([0, 1]);
    m.getState().resetRun('r');
    expect(m.getState().runs.r.steps).toBe(0);
  });

  it('keeps the arrays a step brought (no copy) and joins them only when read, each value once', () => {
    const m = createMetricsStore();
    const [p0, a0] = step(0, 0, [0, 1]);
    m.getState().pushStep('r', p0, a0);
    const b = m.getState().runs.r.epochSamples;
    expect(b.chunks[0]).toBe(a0);
    expect(b.chunks[0].w).toBe(a0.w);
    const first = b.columns();
    expect([...first.ids]).toEqual([0, 1]);
    m.getState().pushStep('r', ...step(1, 0, [2, 3]));
    m.getState().pushStep('r', ...step(2, 0, [4]));
    // Read again: the joined part stays where it was; the two new steps follow it.
    const again = b.columns();
    expect(again.ids.buffer).toBe(first.ids.buffer);
    expect([...again.ids]).toEqual([0, 1, 2, 3, 4]);
    expect(again.pt[4]).toBeCloseTo(0.44);
    expect(b.columns().ids.buffer).toBe(again.ids.buffer);
    // Past the first storage: it grows and keeps every value.
    for (let i = 3; i < 200; i++) m.getState().pushStep('r', ...step(i, 0, [i * 2 + 5, i * 2 + 6]));
    const grown = b.columns();
    expect(grown.count).toBe(399);
    expect(grown.ids[4]).toBe(4);
    expect(grown.ids[398]).toBe(404);
  });

  it('keeps each sample\'s last steps in a ring, oldest first', () => {
    const trail = new SampleTrail(5);
    for (let s = 0; s < 12; s++) trail.push(s, s / 10, 0, 1);
    expect(trail.length).toBe(5);
    expect(trail.points().map((p) => p.step)).toEqual([7, 8, 9, 10, 11]);
    expect(trail.points()[0].ce).toBeCloseTo(0.7);
  });

  it('tells a view of one run or one sample only about the steps that change what it shows', () => {
    const m = createMetricsStore();
    m.getState().pushStep('a', ...step(0, 0, [0, 1]));
    const heard = { a: 0, b: 0, sample1: 0, sample3: 0, all: 0 };
    const unwatch = [
      watchMetrics(m, runKey('a'), () => heard.a++),
      watchMetrics(m, runKey('b'), () => heard.b++),
      watchMetrics(m, (s) => [s.runs.a, s.runs.a?.latest.step[1]], () => heard.sample1++),
      watchMetrics(m, (s) => [s.runs.a, s.runs.a?.latest.step[3]], () => heard.sample3++),
      watchMetrics(m, (s) => s.version, () => heard.all++),
    ];
    m.getState().pushStep('b', ...step(0, 0, [0, 1]));
    m.getState().pushStep('b', ...step(1, 0, [2, 3]));
    expect(heard).toEqual({ a: 0, b: 2, sample1: 0, sample3: 0, all: 2 });
    m.getState().pushStep('a', ...step(1, 0, [2, 3]));
    expect(heard).toEqual({ a: 1, b: 2, sample1: 0, sample3: 1, all: 3 });
    m.getState().pushStep('a', ...step(2, 1, [1, 0]));
    expect(heard).toEqual({ a: 2, b: 2, sample1: 1, sample3: 1, all: 4 });
    // A reset run is a new run: its views hear of it, even though it has no steps yet.
    m.getState().resetRun('a');
    expect(heard).toEqual({ a: 3, b: 2, sample1: 2, sample3: 2, all: 5 });
    expect(sameKey([1, 'x'], [1, 'x'])).toBe(true);
    expect(sameKey([1, 'x'], [1, 'y'])).toBe(false);
    for (const u of unwatch) u();
  });
});
