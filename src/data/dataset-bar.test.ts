// Dataset import over the real BAR folder (loose `<class>_<n>.jpg` files under train/ and test/).
// A slice of each class keeps it fast; the two PNGs named .jpg are always included.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDataset } from './dataset-import';
import type { DroppedFile } from './dataset-import';
import { classFromFileName } from './dataset-layout';
import { groupFor, parseGroups } from './dataset-groups';
import { barDir, sharedPath } from '../testing/shared-fixtures';

const PER_CLASS = 10;
const PNG_AS_JPG = ['test/diving_586.jpg', 'test/pole vaulting_325.jpg'];

function barSlice(): DroppedFile[] {
  sharedPath('datasets', 'bar', 'train'); // a clear error if the dataset is missing
  const files: DroppedFile[] = [];
  for (const split of ['train', 'test']) {
    const names = readdirSync(join(barDir, split)).sort();
    const taken = new Map<string, number>();
    for (const name of names) {
      const cls = classFromFileName(name) ?? '';
      const n = taken.get(cls) ?? 0;
      if (n >= PER_CLASS && !PNG_AS_JPG.includes(`${split}/${name}`)) continue;
      taken.set(cls, n + 1);
      files.push({ path: `bar/${split}/${name}`, bytes: new Uint8Array(readFileSync(join(barDir, split, name))) });
    }
  }
  files.push({ path: 'bar/README.md', bytes: new Uint8Array(readFileSync(join(barDir, 'README.md'))) });
  return files;
}

describe('importDataset on BAR', () => {
  const files = barSlice();

  it('finds the six classes by file name and keeps PNGs named .jpg', () => {
    expect(importDataset(files).samples).toEqual([]); // loose files need classFromName
    const r = importDataset(files, { classFromName: true });
    expect(r.classes).toEqual(['climbing', 'diving', 'fishing', 'pole vaulting', 'racing', 'throwing']);
    expect(r.rejected.map((x) => [x.path, x.reason])).toEqual([['bar/README.md', 'not-an-image']]);
    expect(r.samples.length).toBe(files.length - 1);
    const count = (split: string) => r.samples.filter((s) => s.split === split).length;
    expect([count('train'), count('test')]).toEqual([60, 62]);
    for (const p of PNG_AS_JPG) expect(r.samples.find((s) => s.path === `bar/${p}`)?.format).toBe('png');
    expect(r.samples.filter((s) => s.format === 'jpeg').length).toBe(120);
  });

  it('reads metadata.json groups for every sample', () => {
    const meta = readFileSync(sharedPath('datasets', 'bar', 'metadata.json'), 'utf8');
    const groups = parseGroups(meta, 'metadata.json', {
      groupOf: (_k, e) => (typeof e.source === 'string' ? e.source : null),
    });
    const r = importDataset(files, { classFromName: true });
    for (const s of r.samples) expect(groupFor(groups, s.path), s.path).toBeTruthy();
  });
});
