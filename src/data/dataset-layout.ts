// Where a dropped file sits in a dataset: its split and class from its relative path alone.
// Folder conventions: [root/]{train,val,test,ood}/<class>/..., or [root/]<class>/... (all train).

export type Split = 'train' | 'val' | 'test' | 'ood';

const SPLIT_NAMES: Record<string, Split> = {
  train: 'train', val: 'val', valid: 'val', validation: 'val', test: 'test', ood: 'ood',
};

/** Splits a dropped path into clean components ('\' separators, './' and empty parts removed). */
export function pathParts(path: string): string[] {
  return path.replace(/\\/g, '/').split('/').filter((p) => p !== '' && p !== '.');
}

/** True for files the OS or an archiver adds: dotfiles, anything under __MACOSX/, Thumbs.db, desktop.ini. */
export function isHiddenPath(path: string): boolean {
  const parts = pathParts(path);
  const name = (parts[parts.length - 1] ?? '').toLowerCase();
  return parts.some((p) => p.startsWith('.') || p === '__MACOSX') || name === 'thumbs.db' || name === 'desktop.ini';
}

const splitOf = (folder: string): Split | undefined => SPLIT_NAMES[folder.toLowerCase()];

/**
 * How many leading folders every path shares and that carry no meaning: a shared folder is stripped while it
 * is not a split name and some file still sits two folders below it (a lone `cats/` drop keeps `cats` as class).
 */
export function commonRootDepth(paths: readonly string[][]): number {
  let depth = 0;
  for (;;) {
    const first = paths[0]?.[depth];
    if (first === undefined || splitOf(first)) return depth;
    let deeper = false;
    for (const p of paths) {
      if (p.length - depth < 2 || p[depth] !== first) return depth;
      if (p.length - depth >= 3) deeper = true;
    }
    if (!deeper) return depth;
    depth++;
  }
}

export interface LayoutOptions {
  /**
   * For files with no class folder: take the class from the file name (true: the part before the last `_`,
   * BAR's `pole vaulting_12.jpg` -> `pole vaulting`), or from a function returning null when it cannot tell.
   */
  classFromName?: boolean | ((fileName: string) => string | null);
}

export type Placement =
  | { ok: true; split: Split; label: string }
  | { ok: false; message: string };

/** BAR-style class from a file name: the part before the last `_`, or null when there is none. */
export function classFromFileName(fileName: string): string | null {
  const stem = fileName.replace(/\.[^.]*$/, '');
  const i = stem.lastIndexOf('_');
  const label = i > 0 ? stem.slice(0, i).trim() : '';
  return label || null;
}

/** Chooses split and class for each path (components after the shared root); `hasSplits` from detectSplits. */
export function placeFile(rel: string[], display: string, hasSplits: boolean, opts: LayoutOptions): Placement {
  let split: Split = 'train';
  let rest = rel;
  if (hasSplits) {
    const s = splitOf(rel[0]);
    if (!s || rel.length < 2) {
      return { ok: false, message: `${display} is outside the train/val/test/ood folders, so it has no split` };
    }
    split = s;
    rest = rel.slice(1);
  }
  if (rest.length >= 2) return { ok: true, split, label: rest[0] };
  const name = rest[0];
  const rule = opts.classFromName;
  if (!rule) {
    return { ok: false, message: `${display} is not inside a class folder (put it in a folder named after its class)` };
  }
  const label = typeof rule === 'function' ? rule(name) : classFromFileName(name);
  if (!label) return { ok: false, message: `${display}: cannot read a class from the file name (expected <class>_<n>.<ext>)` };
  return { ok: true, split, label };
}

/** Split folders are in use when any first-level folder (after the shared root) is a split name. */
export function detectSplits(rels: readonly string[][]): boolean {
  return rels.some((r) => r.length >= 2 && splitOf(r[0]) !== undefined);
}
