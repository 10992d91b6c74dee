// Pure edits of a labelled dataset: class rename / merge / delete, labels, groups, a seeded validation split.
// Each returns new arrays; labels stay indices into `classes`.
import type { DatasetSample } from '../protocol/messages';
import { makeRng } from '../shared/rng';
import { asAsked, carveValidationIds } from '../shared/validation-split';

export interface LabelledSet {
  classes: string[];
  samples: DatasetSample[];
}

export function renameClass(d: LabelledSet, index: number, name: string): LabelledSet {
  const trimmed = name.trim();
  if (!trimmed) throw new Error('a class name cannot be empty');
  const existing = d.classes.indexOf(trimmed);
  if (existing >= 0 && existing !== index) return mergeClasses(d, index, existing);
  return { classes: d.classes.map((c, i) => (i === index ? trimmed : c)), samples: d.samples };
}

/** Relabels every image of `from` as `into`, then drops `from`. */
export function mergeClasses(d: LabelledSet, from: number, into: number): LabelledSet {
  if (from === into) return d;
  const relabelled = d.samples.map((s) => (s.label === from ? { ...s, label: into } : s));
  return dropClass({ classes: d.classes, samples: relabelled }, from);
}

/** Removes the class and its images. */
export function deleteClass(d: LabelledSet, index: number): LabelledSet {
  return dropClass({ classes: d.classes, samples: d.samples.filter((s) => s.label !== index) }, index);
}

function dropClass(d: LabelledSet, index: number): LabelledSet {
  return {
    classes: d.classes.filter((_, i) => i !== index),
    samples: d.samples.map((s) => (s.label > index ? { ...s, label: s.label - 1 } : s)),
  };
}

export function setLabel(samples: DatasetSample[], id: number, label: number): DatasetSample[] {
  return samples.map((s) => (s.id === id ? { ...s, label } : s));
}

/** Assigns groups by full path, by file name or by file name without its extension (BAR's metadata.json keys);
 * images not named keep their group. */
export function applyGroups(samples: DatasetSample[], groups: Record<string, string>): { samples: DatasetSample[]; matched: number } {
  let matched = 0;
  const has = (k: string) => Object.prototype.hasOwnProperty.call(groups, k);
  const out = samples.map((s) => {
    const base = s.path.slice(s.path.lastIndexOf('/') + 1);
    const stem = base.replace(/\.[^.]*$/, '');
    const key = [s.path, base, stem].find(has);
    const g = key === undefined ? undefined : groups[key];
    if (g === undefined) return s;
    matched++;
    return { ...s, group: g };
  });
  return { samples: out, matched };
}

/** Moves a seeded fraction of each class's training images to 'val' (stratified, with the trainer's carve). Returns the moved ids. */
export function carveValidation(samples: DatasetSample[], fraction: number, seed: number): { samples: DatasetSample[]; moved: number[] } {
  const moved = carveValidationIds(samples, fraction, makeRng(seed), asAsked);
  return {
    samples: samples.map((s) => (moved.has(s.id) ? { ...s, split: 'val' } : s)),
    moved: [...moved].sort((a, b) => a - b),
  };
}

/** Puts the given ids back into 'train'. */
export function restoreTrain(samples: DatasetSample[], ids: number[]): DatasetSample[] {
  const set = new Set(ids);
  return samples.map((s) => (set.has(s.id) ? { ...s, split: 'train' } : s));
}

/** Per class: image counts per split. */
export function countsByClass(d: LabelledSet): { name: string; counts: Record<string, number>; total: number }[] {
  const rows = d.classes.map((name) => ({ name, counts: {} as Record<string, number>, total: 0 }));
  for (const s of d.samples) {
    const r = rows[s.label];
    if (!r) continue;
    r.counts[s.split] = (r.counts[s.split] ?? 0) + 1;
    r.total++;
  }
  return rows;
}
