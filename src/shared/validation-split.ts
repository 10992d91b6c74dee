// The one validation carve: a seeded, stratified share of each class's training images. The trainer and
// the CLI carve with it when a dataset has no val split; the dataset editor carves with it on request.
import { shuffled } from './rng';

export interface SplitSample {
  id: number;
  label: number;
  split: string;
}

/** How many of a class's n training images go to val: round(n * fraction), at least one where the class has
 * two or more (small classes keep a validation example) and none where it has one (it keeps its training image). */
export const keepOnePerClass = (n: number, fraction: number): number => (n > 1 ? Math.max(1, Math.round(n * fraction)) : 0);
/** round(n * fraction), as asked: the dataset editor's carve, which the user can undo. */
export const asAsked = (n: number, fraction: number): number => Math.round(n * fraction);

/**
 * Ids of the training samples to move to 'val': per class (in the samples' order), a seeded shuffle and
 * the first `count(n, fraction)` of it. None for a fraction of 0.
 */
export function carveValidationIds(samples: readonly SplitSample[], fraction: number, rng: () => number, count = keepOnePerClass): Set<number> {
  const toVal = new Set<number>();
  if (fraction <= 0) return toVal;
  const byClass = new Map<number, number[]>();
  for (const s of samples) if (s.split === 'train') byClass.set(s.label, [...(byClass.get(s.label) ?? []), s.id]);
  for (const ids of byClass.values()) {
    const order = shuffled(ids, rng);
    order.slice(0, count(order.length, fraction)).forEach((id) => toVal.add(id));
  }
  return toVal;
}
