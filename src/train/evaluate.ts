// Accuracy per split, per class and per group, the worst group and the confusion matrix, from logits.
import type { SplitEval, SplitName } from '../protocol/train-types';
import type { SampleMeta } from './train-data';

/** logits: row-major [n, C] for `samples` (same order). */
export function evaluateSplit(split: SplitName, samples: SampleMeta[], logits: Float32Array, numClasses: number): SplitEval {
  const n = samples.length;
  const C = numClasses;
  const confusion = Array.from({ length: C }, () => new Array<number>(C).fill(0));
  const predicted = new Int32Array(n);
  const probTrue = new Float32Array(n);
  const groupHits = new Map<string, [number, number]>();
  let hits = 0;
  samples.forEach((s, i) => {
    const row = logits.subarray(i * C, (i + 1) * C);
    let best = 0;
    let max = -Infinity;
    for (let c = 0; c < C; c++) if (row[c] > max) [max, best] = [row[c], c];
    let z = 0;
    for (let c = 0; c < C; c++) z += Math.exp(row[c] - max);
    probTrue[i] = Math.exp(row[s.label] - max) / z;
    predicted[i] = best;
    confusion[s.label][best] += 1;
    const hit = best === s.label ? 1 : 0;
    hits += hit;
    if (s.group !== undefined) {
      const g = groupHits.get(s.group) ?? [0, 0];
      groupHits.set(s.group, [g[0] + hit, g[1] + 1]);
    }
  });
  const perClass = confusion.map((row, c) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total ? row[c] / total : NaN;
  });
  const perGroup: Record<string, number> = {};
  let worstGroup: SplitEval['worstGroup'] = null;
  for (const [g, [h, t]] of groupHits) {
    perGroup[g] = h / t;
    if (!worstGroup || h / t < worstGroup.accuracy) worstGroup = { group: g, accuracy: h / t };
  }
  return {
    split,
    count: n,
    accuracy: n ? hits / n : NaN,
    perClass,
    perGroup,
    worstGroup,
    confusion,
    ids: Int32Array.from(samples.map((s) => s.id)),
    predicted,
    probTrue,
  };
}
