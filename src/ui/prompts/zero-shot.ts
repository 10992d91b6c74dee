// Which split stands for "how good are these prompts": validation, else test, else the first present.
import type { EvalResult, SplitEval } from '../../protocol/train-types';

const PREFERENCE = ['val', 'test', 'ood', 'train'];

export function primarySplit(r: EvalResult): SplitEval | null {
  for (const name of PREFERENCE) {
    const s = r.splits.find((x) => x.split === name && x.count > 0);
    if (s) return s;
  }
  return r.splits[0] ?? null;
}
