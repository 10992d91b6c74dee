// A dataset folder on disk, read the way the studio reads a dropped folder (the same importDataset: class
// subfolders, optionally under train/ val/ test/ ood/, zips expanded, duplicates and bad files refused with
// the same reasons). Images that then fail to decode are refused by the commands with the same reasons too.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { importDataset, rejectionForDecodeError, type RejectReason } from '../data/dataset-import';
import type { SplitName } from '../protocol/train-types';
import { log } from './io-node';

export interface FolderSample {
  /** The file on disk, or `<zip>/<entry>` for an image inside an archive. */
  file: string;
  label: number;
  split: SplitName;
  read: () => Uint8Array;
}

export interface Rejected {
  file: string;
  reason: RejectReason;
  message: string;
}

export interface FolderDataset {
  classes: string[];
  samples: FolderSample[];
  /** Every file left out, with the reason (as in the studio's rejected list). */
  rejected: Rejected[];
}

/** Every file under `dir`, as '/'-separated paths relative to it, sorted by code unit. */
function walk(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) visit(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  visit(dir);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function readFolderDataset(dir: string): FolderDataset {
  let paths: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
    paths = walk(dir);
  } catch {
    throw new Error(`data folder ${dir} does not exist or cannot be read`);
  }
  const root = dir.replace(/[/\\]+$/, '');
  const display = (p: string) => `${root}/${p}`;
  const files = paths.map((p) => ({ path: p, bytes: new Uint8Array(readFileSync(join(dir, p))) }));
  const onDisk = new Set(paths);
  const result = importDataset(files, {});
  const rejected = result.rejected.map((r) => ({ file: display(r.path), reason: r.reason, message: r.message }));
  const samples = result.samples.map((s) => {
    const file = display(s.path);
    // Images inside an archive are kept in memory; files on disk are read again when needed.
    const bytes = onDisk.has(s.path) ? null : s.bytes;
    return { file, label: s.label, split: s.split, read: () => bytes ?? new Uint8Array(readFileSync(join(dir, s.path))) };
  });
  if (result.classes.length === 0) {
    throw new Error(`data folder ${dir} has no usable images in class subfolders (expected ${dir}/<class>/<image>)${rejected.length ? `; ${rejected.length} file(s) rejected, e.g. ${rejected[0].message}` : ''}`);
  }
  return { classes: result.classes, samples, rejected };
}

/** The rejection of a sample whose image failed to decode. */
export function decodeRejection(file: string, err: unknown): Rejected {
  const r = rejectionForDecodeError(file, err);
  return { file, reason: r.reason, message: r.message };
}

/** Refuses a dataset in which some class has no usable image left; logs every rejection on stderr. */
export function checkClassesKept(data: FolderDataset, usable: readonly FolderSample[]): void {
  for (const r of data.rejected) log(`rejected ${r.file} (${r.reason}): ${r.message}`);
  const empty = data.classes.filter((_, c) => !usable.some((s) => s.label === c));
  if (empty.length) {
    throw new Error(`class${empty.length > 1 ? 'es' : ''} ${empty.map((c) => `"${c}"`).join(', ')} ha${empty.length > 1 ? 've' : 's'} no usable image (${data.rejected.length} file(s) rejected, listed above)`);
  }
}
