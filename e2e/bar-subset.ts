// A small BAR subset laid out in a temp folder (outside the repo) the way a user would drop it.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { barDir } from '../src/testing/shared-fixtures';

export function barSubset(perClass: { train: number; test: number }): string {
  const root = join(mkdtempSync(join(tmpdir(), 'bar-subset-')), 'bar');
  for (const split of ['train', 'test'] as const) {
    mkdirSync(join(root, split), { recursive: true });
    const counts = new Map<string, number>();
    for (const f of readdirSync(join(barDir, split)).sort()) {
      const cls = f.slice(0, f.lastIndexOf('_'));
      const n = counts.get(cls) ?? 0;
      if (n >= perClass[split]) continue;
      counts.set(cls, n + 1);
      copyFileSync(join(barDir, split, f), join(root, split, f));
    }
  }
  return root;
}
