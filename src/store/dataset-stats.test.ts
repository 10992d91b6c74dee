import { describe, expect, it } from 'vitest';
import type { DatasetSample } from '../protocol/messages';
import { datasetStats } from './dataset-stats';

const samples: DatasetSample[] = [
  { id: 0, path: 'a/0.jpg', label: 0, split: 'train', group: 'land' },
  { id: 1, path: 'a/1.jpg', label: 0, split: 'val' },
  { id: 2, path: 'b/2.jpg', label: 1, split: 'train', group: 'water' },
  { id: 3, path: 'b/3.jpg', label: 1, split: 'test' },
];

describe('datasetStats', () => {
  it('counts images per split and images with a group', () => {
    expect(datasetStats(samples)).toEqual({ bySplit: { train: 2, val: 1, test: 1, ood: 0 }, grouped: 2 });
    expect(datasetStats([])).toEqual({ bySplit: { train: 0, val: 0, test: 0, ood: 0 }, grouped: 0 });
  });

  it('counts a samples array once, and a new array (an edit) afresh', () => {
    const first = datasetStats(samples);
    expect(datasetStats(samples)).toBe(first);
    const edited = samples.map((x) => (x.id === 1 ? { ...x, split: 'train' as const } : x));
    expect(datasetStats(edited).bySplit).toEqual({ train: 3, val: 0, test: 1, ood: 0 });
  });
});
