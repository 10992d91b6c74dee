// Small synthetic datasets for trainer tests: images whose colour depends on the class, with noise, so a
// tiny random CLIP can learn them. Built by the project's own code; no shared files needed.
import type { SplitName } from '../protocol/train-types';
import type { SampleMeta, TrainData } from '../train/train-data';
import { memoryData } from '../train/memory-data';
import { makeRng } from '../shared/rng';

export function syntheticData(opts: { classes: number; perClass: number; size: number; splits?: SplitName[]; seed?: number; groups?: boolean }): TrainData {
  const rng = makeRng(opts.seed ?? 1);
  const samples: SampleMeta[] = [];
  const pixels = new Map<number, Float32Array>();
  const splits = opts.splits ?? ['train'];
  let id = 0;
  for (const split of splits) {
    for (let c = 0; c < opts.classes; c++) {
      for (let k = 0; k < opts.perClass; k++) {
        const px = new Float32Array(3 * opts.size * opts.size);
        const plane = opts.size * opts.size;
        for (let ch = 0; ch < 3; ch++) {
          const base = Math.cos((c + 1) * (ch + 1)) * 1.5;
          for (let i = 0; i < plane; i++) px[ch * plane + i] = base + (rng() - 0.5);
        }
        samples.push({ id, label: c, split, group: opts.groups ? `g${(c + k) % 2}` : undefined });
        pixels.set(id, px);
        id++;
      }
    }
  }
  return memoryData(Array.from({ length: opts.classes }, (_, c) => `class${c}`), samples, pixels);
}
