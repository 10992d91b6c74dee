import { describe, expect, it } from 'vitest';
import { datasetProblems } from './dataset-check';

const train = { method: 'proreg' as const, valFraction: 0 };
const s = (label: number, split: string) => ({ label, split });

describe('datasetProblems', () => {
  it('asks for images first', () => {
    expect(datasetProblems(['a', 'b'], [], train)).toEqual(['Import images first.']);
  });

  it('needs two classes with images, names the class without training images, and something to evaluate on', () => {
    expect(datasetProblems(['a', 'b'], [s(0, 'train'), s(0, 'test')], train)).toEqual([
      'Training needs at least two classes (only “a”): add a folder of images for another class.',
      'No training images for “b”: add some under train/<class>/, or delete the class.',
    ]);
    expect(datasetProblems(['a', 'b'], [s(0, 'train'), s(1, 'train')], train)).toEqual([
      'Nothing to evaluate on: add test images (a test/ folder) or set a validation fraction above 0.',
    ]);
    expect(datasetProblems(['a', 'b'], [s(0, 'train'), s(1, 'train')], { ...train, valFraction: 0.1 })).toEqual([]);
    expect(datasetProblems(['a', 'b', 'c'], [s(0, 'train'), s(1, 'train'), s(2, 'ood')], train)).toEqual([
      'No training images for “c”: add some under train/<class>/, or delete the class.',
    ]);
  });

  it('zero-shot needs no training images', () => {
    expect(datasetProblems(['a', 'b'], [s(0, 'test'), s(1, 'test')], { method: 'zero-shot', valFraction: 0 })).toEqual([]);
  });
});
