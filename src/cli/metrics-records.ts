// Evaluation results as plain JSON records (metrics files, CLI output).
import type { EvalResult } from '../protocol/train-types';

export function evalRecord(r: EvalResult, classes: string[]) {
  return {
    kind: 'eval',
    step: r.step,
    epoch: r.epoch,
    splits: Object.fromEntries(
      r.splits.map((s) => [
        s.split,
        {
          count: s.count,
          accuracy: s.accuracy,
          per_class: Object.fromEntries(classes.map((c, i) => [c, s.perClass[i]])),
          per_group: s.perGroup,
          worst_group: s.worstGroup,
          confusion: s.confusion,
        },
      ]),
    ),
  };
}
