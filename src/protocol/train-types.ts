// The data a run reports, shared by the engine, the worker and the UI, and the training config's types.
// Types and constants only.

// The config's types and defaults are defined once, by its schema (train-config.ts).
export type { AugmentKind, CoopOptions, Method, MethodOptions, OptimizerKind, ScheduleKind, StudentMethod, TipAdapterOptions, TrainConfig, WeightVariant } from './train-config';
export { DEFAULT_METHOD_OPTIONS, DEFAULT_TRAIN_CONFIG, STUDENT_METHODS } from './train-config';
export type SplitName = 'train' | 'val' | 'test' | 'ood';
export const SPLITS: readonly SplitName[] = ['train', 'val', 'test', 'ood'];

/** Per-step means of every loss part (names as the loss returns them). */
export type PartMeans = Record<string, number>;

export interface StepPoint {
  step: number;
  epoch: number;
  /** The step's forward loss before the update. */
  loss: number;
  means: PartMeans;
  lrEncoder: number;
  lrHead: number;
}

/** Per-sample values of one step, as transferable typed arrays. */
export interface SampleArrays {
  ids: Int32Array;
  ce: Float32Array;
  kl: Float32Array;
  w: Float32Array;
  ps: Float32Array;
  pt: Float32Array;
}

export interface SplitEval {
  split: SplitName;
  count: number;
  accuracy: number;
  perClass: number[];
  /** Accuracy per group name, where images carry a group. */
  perGroup: Record<string, number>;
  worstGroup: { group: string; accuracy: number } | null;
  /** confusion[true][predicted] counts. */
  confusion: number[][];
  /** Sample ids of the split, with predicted class and probabilities of the true class. */
  ids: Int32Array;
  predicted: Int32Array;
  probTrue: Float32Array;
}

export interface EvalResult {
  step: number;
  epoch: number;
  splits: SplitEval[];
}
