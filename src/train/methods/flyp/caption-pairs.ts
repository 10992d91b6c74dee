// FLYP's image-caption pairs with several prompt templates. locuslab/FLYP (215d5bb) writes one csv row per
// image and template (datacreation_scripts/imagenet_csv_creator.py: `for t in template: caption = t(class)`),
// and flyp_loss.py draws its batches from a shuffling DataLoader over those rows (src/datasets/laion.py
// get_csv_dataset: shuffle, drop_last False) whose iterator runs on across epochs and starts a new shuffle
// when exhausted, while an epoch is as many steps as the images alone make (len(dataset.train_loader)).
// Here: the N*K pairs (image i, template k) in a seeded shuffle per pass over them; a run's step s takes
// the next batch of that stream, the last batch of each pass possibly short, so the run's step count is the
// images' as with one template. Every pair is seen once per pass; a batch may hold an image twice.

import { makeRng, shuffled } from '../../../shared/rng';

export interface PairedBatch {
  /** The images of the batch (training ids; an image may appear more than once). */
  ids: number[];
  /** The template each image is paired with, by index into the run's templates. */
  templates: number[];
}

/** The pairs of the run's step `s` (0-based) over `trainIds` and `K` templates, from `seed`. */
export function pairedBatch(trainIds: readonly number[], K: number, batchSize: number, seed: number, s: number): PairedBatch {
  const pairs = trainIds.length * K;
  const perPass = Math.ceil(pairs / batchSize);
  const pass = Math.floor(s / perPass);
  const b = s % perPass;
  const order = shuffled(Array.from({ length: pairs }, (_, p) => p), makeRng(passSeed(seed, pass)));
  const slice = order.slice(b * batchSize, (b + 1) * batchSize);
  return { ids: slice.map((p) => trainIds[Math.floor(p / K)]), templates: slice.map((p) => p % K) };
}

/** The seed of a pass's shuffle (the trainer's epoch orders use seed * 1000003 + epoch). */
export function passSeed(seed: number, pass: number): number {
  return seed * 1000003 + 500009 + pass;
}
