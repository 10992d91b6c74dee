import { describe, expect, it } from 'vitest';
import { accuracyRows, colourIndex, histogram } from './chart-data';
import { evalResult } from '../testing/fixtures';

describe('chart data', () => {
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
});
