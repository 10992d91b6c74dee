// EvalResult <-> JSON: typed arrays become plain arrays and NaN (a class with no images) becomes null, and
// back, so a saved evaluation reads exactly as it was computed.
import type { EvalResult, SplitEval } from '../protocol/train-types';

type JsonSplit = Omit<SplitEval, 'ids' | 'predicted' | 'probTrue' | 'perClass'> & { ids: number[]; predicted: number[]; probTrue: number[]; perClass: (number | null)[] };
export type JsonEval = Omit<EvalResult, 'splits'> & { splits: JsonSplit[] };

export function evalToJson(e: EvalResult): JsonEval {
  return {
    ...e,
    splits: e.splits.map((s) => ({ ...s, ids: Array.from(s.ids), predicted: Array.from(s.predicted), probTrue: Array.from(s.probTrue), perClass: s.perClass.map((v) => (Number.isNaN(v) ? null : v)) })),
  };
}

export function evalFromJson(j: JsonEval): EvalResult {
  return {
    ...j,
    splits: j.splits.map((s) => ({ ...s, ids: Int32Array.from(s.ids), predicted: Int32Array.from(s.predicted), probTrue: Float32Array.from(s.probTrue), perClass: s.perClass.map((v) => (v === null ? NaN : v)) })),
  };
}
