// Counts over the samples that several panels show (images per split, images with a group), computed once
// per samples array: a store selector runs on every store change (progress, log lines), so a selector that
// walked ten thousand samples each time would cost the main thread on every event of an import.
import type { DatasetSample } from '../protocol/messages';
import { SPLITS, type SplitName } from '../protocol/train-types';

export interface DatasetStats {
  bySplit: Record<SplitName, number>;
  /** Images with a group (worst-group accuracy). */
  grouped: number;
}

const cache = new WeakMap<readonly DatasetSample[], DatasetStats>();

export function datasetStats(samples: readonly DatasetSample[]): DatasetStats {
  let stats = cache.get(samples);
  if (!stats) {
    stats = { bySplit: Object.fromEntries(SPLITS.map((sp) => [sp, 0])) as Record<SplitName, number>, grouped: 0 };
    for (const s of samples) {
      stats.bySplit[s.split]++;
      if (s.group !== undefined) stats.grouped++;
    }
    cache.set(samples, stats);
  }
  return stats;
}
