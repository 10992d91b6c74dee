import { describe, expect, it } from 'vitest';
import type { DatasetSample } from '../protocol/messages';
import { applyGroups, carveValidation, countsByClass, deleteClass, mergeClasses, renameClass, restoreTrain } from './dataset-edits';

const s = (id: number, label: number, split: DatasetSample['split'] = 'train', path = `c${label}/${id}.jpg`): DatasetSample => ({ id, path, label, split });
const base = { classes: ['a', 'b', 'c'], samples: [s(0, 0), s(1, 1), s(2, 2), s(3, 2, 'test')] };

describe('dataset edits', () => {
  it('renames, and a rename onto an existing name merges', () => {
    expect(renameClass(base, 1, ' bee ').classes).toEqual(['a', 'bee', 'c']);
    const merged = renameClass(base, 0, 'c');
    expect(merged.classes).toEqual(['b', 'c']);
    expect(merged.samples.map((x) => x.label)).toEqual([1, 0, 1, 1]);
    expect(() => renameClass(base, 0, '  ')).toThrow(/empty/);
  });

  it('merges a class into another and reindexes the labels above it', () => {
    const d = mergeClasses(base, 1, 2);
    expect(d.classes).toEqual(['a', 'c']);
    expect(d.samples.map((x) => x.label)).toEqual([0, 1, 1, 1]);
  });

  it('deletes a class with its images', () => {
    const d = deleteClass(base, 0);
    expect(d.classes).toEqual(['b', 'c']);
    expect(d.samples.map((x) => [x.id, x.label])).toEqual([[1, 0], [2, 1], [3, 1]]);
  });

  it('assigns groups by path or by file name', () => {
    const { samples, matched } = applyGroups(base.samples, { 'c0/0.jpg': 'rock', '1.jpg': 'ice' });
    expect(matched).toBe(2);
    expect(samples.map((x) => x.group)).toEqual(['rock', 'ice', undefined, undefined]);
  });

  it('carves a seeded, stratified validation split from train only, and undoes it', () => {
    const many = Array.from({ length: 40 }, (_, i) => s(i, i % 2, i >= 36 ? 'test' : 'train'));
    const a = carveValidation(many, 0.25, 7);
    const b = carveValidation(many, 0.25, 7);
    const c = carveValidation(many, 0.25, 8);
    expect(a.moved).toEqual(b.moved);
    expect(a.moved).not.toEqual(c.moved);
    expect(a.moved.length).toBe(2 * Math.round(18 * 0.25));
    const counts = countsByClass({ classes: ['x', 'y'], samples: a.samples });
    expect(counts[0].counts.val).toBe(Math.round(18 * 0.25));
    expect(counts[1].counts.val).toBe(Math.round(18 * 0.25));
    expect(a.samples.filter((x) => x.split === 'test').length).toBe(4);
    expect(restoreTrain(a.samples, a.moved).filter((x) => x.split === 'val')).toHaveLength(0);
  });
});
