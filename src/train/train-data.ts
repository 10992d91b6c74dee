// What the trainer needs to know about a dataset: sample metadata and a way to get normalised pixels.
import type { SplitName } from '../protocol/train-types';

export interface SampleMeta {
  /** Stable id, also used in per-sample charts. */
  id: number;
  label: number;
  split: SplitName;
  group?: string;
}

export interface TrainData {
  classNames: string[];
  samples: SampleMeta[];
  /**
   * Normalised pixels [n,3,S,S] for these ids, as one Float32Array. With `augment`, a random
   * augmentation drawn from `rng` is applied before preprocessing (a different view each call).
   */
  pixels(ids: number[], opts: { augment: boolean; rng: () => number }): Promise<Float32Array>;
  /** Hint: the clean views of these ids are asked for next (a store in browser storage starts reading them). */
  prefetch?(ids: number[]): void;
}

/** Carves a seeded validation split out of the training samples when none is given. */
export function withValidationSplit(samples: SampleMeta[], fraction: number, rng: () => number): SampleMeta[] {
  if (fraction <= 0 || samples.some((s) => s.split === 'val')) return samples;
  // Stratified: the same fraction of each class, so small classes keep a validation example.
  const byClass = new Map<number, SampleMeta[]>();
  for (const s of samples) if (s.split === 'train') byClass.set(s.label, [...(byClass.get(s.label) ?? []), s]);
  const toVal = new Set<number>();
  for (const list of byClass.values()) {
    const order = list.map((s) => s.id);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const n = list.length > 1 ? Math.max(1, Math.round(list.length * fraction)) : 0;
    order.slice(0, n).forEach((id) => toVal.add(id));
  }
  return samples.map((s) => (toVal.has(s.id) ? { ...s, split: 'val' } : s));
}
