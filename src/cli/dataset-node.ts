// A dataset folder on disk: class subfolders, optionally under train/ val/ test/ ood/.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SplitName } from '../protocol/train-types';

export interface FolderDataset {
  classes: string[];
  samples: { file: string; label: number; split: SplitName }[];
}

const SPLIT_DIRS: Record<string, SplitName> = { train: 'train', val: 'val', valid: 'val', validation: 'val', test: 'test', ood: 'ood' };
const IMAGE = /\.(png|jpe?g|webp|gif|bmp)$/i;

const subdirs = (d: string) => readdirSync(d).filter((n) => !n.startsWith('.') && statSync(join(d, n)).isDirectory()).sort();

export function readFolderDataset(dir: string): FolderDataset {
  let top: string[];
  try {
    top = subdirs(dir);
  } catch {
    throw new Error(`data folder ${dir} does not exist`);
  }
  const splitDirs = top.filter((n) => n.toLowerCase() in SPLIT_DIRS);
  const roots: [string, SplitName][] = splitDirs.length ? splitDirs.map((n) => [join(dir, n), SPLIT_DIRS[n.toLowerCase()]]) : [[dir, 'train']];
  const classes = [...new Set(roots.flatMap(([r]) => subdirs(r)))].sort();
  if (classes.length === 0) throw new Error(`data folder ${dir} has no class subfolders (expected ${dir}/<class>/<image>)`);
  const samples: FolderDataset['samples'] = [];
  for (const [root, split] of roots) {
    for (const cls of subdirs(root)) {
      for (const f of readdirSync(join(root, cls)).sort()) {
        if (IMAGE.test(f)) samples.push({ file: join(root, cls, f), label: classes.indexOf(cls), split });
      }
    }
  }
  if (samples.length === 0) throw new Error(`data folder ${dir} has no images`);
  return { classes, samples };
}
