import { describe, expect, it } from 'vitest';
import { accuracyRows, colourIndex, histogram, roundTicks } from './chart-data';
import { evalResult } from '../../store/testing/fixtures';

describe('chart data', () => {
  it('picks round ticks, whole numbers on a step axis', () => {
    expect(roundTicks(0, 1)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(roundTicks(0, 3, 5, true)).toEqual([0, 1, 2, 3]);
    expect(roundTicks(3, 997, 5, true)).toEqual([250, 500, 750]);
    expect(roundTicks(0, 0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(roundTicks(5, 5)).toEqual([5]);
    expect(roundTicks(NaN, 1)).toEqual([]);
    // A range of one ulp: adding the step to 1 cannot move it; the ticks still end.
    expect(roundTicks(1, 1 + 2.2e-16)).toEqual([1]);
    expect(roundTicks(0.1, 0.1 + 1e-17).length).toBeLessThanOrEqual(2);
  });
  it('bins w into a histogram, clamping 1.0 into the last bin', () => {
    const h = histogram(new Float32Array([0, 0.04, 0.5, 1, NaN]), 5, 10);
    expect(h.map((b) => b.count)).toEqual([2, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
  });
  it('colours by group index, grey where there is none', () => {
    const { byId, legend } = colourIndex([
      { id: 0, path: 'a', label: 0, split: 'train', group: 'rock' },
      { id: 1, path: 'b', label: 1, split: 'train' },
      { id: 2, path: 'c', label: 1, split: 'train', group: 'ice' },
    ], 'group');
    expect(legend).toEqual(['rock', 'ice']);
    expect([...byId.values()]).toEqual([0, -1, 1]);
  });
  it('turns evaluations into rows per step', () => {
    const { rows, splits } = accuracyRows([evalResult(1, 0.5), evalResult(2, 0.7)]);
    expect(splits).toEqual(['train', 'test']);
    expect(rows[1]).toEqual({ step: 2, train: 0.7, test: 0.7 - 0.1 });
  });

  it('names a split measured once among several evaluations, so one dot is not read as a line', () => {
    const e = (step: number, splits: [string, number][]) => ({ step, epoch: 0, splits: splits.map(([split, accuracy]) => ({ split, accuracy, worstGroup: null })) }) as never;
    const { rows, splits } = accuracyRows([e(1, [['test', 0.5]]), e(2, [['test', 0.6]]), e(3, [['test', 0.7], ['train', 0.9]])]);
    expect(splits).toEqual(['test', 'train (end of run only)']);
    expect(rows[2]).toEqual({ step: 3, test: 0.7, 'train (end of run only)': 0.9 });
    expect(accuracyRows([e(3, [['train', 0.9]])]).splits).toEqual(['train']);
  });
});
