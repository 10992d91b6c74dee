// What the trainer needs to know about a dataset: sample metadata and a way to get normalised pixels.
import type { SplitName, TrainConfig } from '../protocol/train-types';
import { makeRng } from '../shared/rng';
import { carveValidationIds } from '../shared/validation-split';

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
}

/** The samples a run trains on: a validation split carved from the config's seed when the data has none. */
export function runSamples(samples: SampleMeta[], cfg: Pick<TrainConfig, 'valFraction' | 'seed'>): SampleMeta[] {
  return withValidationSplit(samples, cfg.valFraction, makeRng(cfg.seed + 17));
}

/** Carves a seeded validation split out of the training samples when none is given. */
export function withValidationSplit(samples: SampleMeta[], fraction: number, rng: () => number): SampleMeta[] {
  if (fraction <= 0 || samples.some((s) => s.split === 'val')) return samples;
  const toVal = carveValidationIds(samples, fraction, rng);
  return samples.map((s) => (toVal.has(s.id) ? { ...s, split: 'val' } : s));
}
