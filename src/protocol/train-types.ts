// Training configuration and the data a run reports, shared by the engine, the worker and the UI.
// Types and constants only.

export type Method = 'zero-shot' | 'linear-probe' | 'finetune' | 'kd' | 'proreg' | StudentMethod;
/** Methods that reparametrise the student (prompt tuning, adapters, robust fine-tuning): ProReg's term can
 * be added to any of them (MethodOptions.proreg). */
export type StudentMethod = 'coop' | 'clip-adapter' | 'tip-adapter' | 'tip-adapter-f' | 'lp-ft' | 'flyp';
export const STUDENT_METHODS: readonly StudentMethod[] = ['coop', 'clip-adapter', 'tip-adapter', 'tip-adapter-f', 'lp-ft', 'flyp'];
export type OptimizerKind = 'adamw' | 'sgd';

/** CoOp's prompt learner (KaiyangZhou/CoOp trainers/coop.py; ProReg's coop_finetune as `layout: 'proreg'`). */
export interface CoopOptions {
  /** One context shared by every class (CoOp's default) or one per class (CSC; ProReg's code). */
  context: 'unified' | 'class';
  /** M learned vectors (ignored when starting from a phrase: one per word). */
  tokens: number;
  /** 'random' or a phrase whose token embeddings start the context, e.g. 'a photo of a'. */
  init: string;
  /** 'coop': context, class name, period; 'proreg': context, class name (heads.CoOp of the ProReg code). */
  layout: 'coop' | 'proreg';
}

/** Options of the methods beyond the paper's own (each recipe's defaults in DEFAULT_METHOD_OPTIONS). */
export interface MethodOptions {
  /** Add ProReg's adaptive KL toward the frozen zero-shot teacher (alpha, variant from the config). */
  proreg: boolean;
  /** The new parameters' optimiser: AdamW (ProReg's code) or SGD with momentum 0.9 (CoOp's). */
  optimizer: OptimizerKind;
  coop: CoopOptions;
  /** CLIP-Adapter (gaopengcuhk/CLIP-Adapter clip_adapter.py): residual ratio and bottleneck reduction. */
  clipAdapter: { ratio: number; reduction: number };
  /** Tip-Adapter(-F) (gaopengcuhk/Tip-Adapter main.py): the cache's mixing values and their search. */
  tipAdapter: TipAdapterOptions;
  /** LP-FT: epochs of the linear probe before fine-tuning (the run's epochs are the fine-tuning's). */
  lpft: { probeEpochs: number };
}

export interface TipAdapterOptions {
  /** Weight of the cache logits (init_alpha). */
  alpha: number;
  /** Sharpness of the affinity (init_beta). */
  beta: number;
  /** Search beta and alpha on the validation split after training (search_hp). */
  search: boolean;
  /** Upper ends of the beta and alpha grids (search_scale); both start at 0.1. */
  searchScale: [number, number];
  /** Grid points for beta and alpha (search_step). */
  searchSteps: [number, number];
}

export const DEFAULT_METHOD_OPTIONS: MethodOptions = {
  proreg: false,
  optimizer: 'adamw',
  coop: { context: 'unified', tokens: 16, init: 'random', layout: 'coop' },
  clipAdapter: { ratio: 0.2, reduction: 4 },
  // configs/imagenet.yaml of Tip-Adapter (commit d0e2d6f).
  tipAdapter: { alpha: 1.17, beta: 1, search: true, searchScale: [7, 3], searchSteps: [200, 20] },
  lpft: { probeEpochs: 10 },
};
export type WeightVariant = 'official' | 'prob_ratio' | 'ce_ratio';
export type ScheduleKind = 'constant' | 'warmup-linear';
export type AugmentKind = 'none' | 'randaugment';
export type SplitName = 'train' | 'val' | 'test' | 'ood';
export const SPLITS: readonly SplitName[] = ['train', 'val', 'test', 'ood'];

/** 'head', 'last-K' (e.g. 'last-2') or 'full'. */
export type ScopeText = string;

export interface TrainConfig {
  method: Method;
  scope: ScopeText;
  /** Weight of the distillation term. */
  alpha: number;
  temperature: number;
  variant: WeightVariant;
  gamma: number;
  lrEncoder: number;
  lrHead: number;
  weightDecay: number;
  schedule: ScheduleKind;
  /** Fraction of steps spent warming up with 'warmup-linear'. */
  warmupFraction: number;
  epochs: number;
  /** Effective batch size (one optimisation step). */
  batchSize: number;
  /** Images per forward/backward pass; gradients accumulate over batchSize / microBatch passes. */
  microBatch: number;
  seed: number;
  augment: AugmentKind;
  /** With augmentation: run the teacher on the augmented view (official) or the clean, cached view. */
  teacherView: 'augmented' | 'clean';
  /** Evaluations per epoch (the official recipe evaluates twice). */
  evalsPerEpoch: number;
  /** Fraction of training images carved out as validation when no val split is given (0 = none). */
  valFraction: number;
  /** Options of the student methods (absent in configs saved before they existed: the defaults apply). */
  methodOptions?: MethodOptions;
}

/** The official recipe (PROREG.md), scaled to what a browser holds: batch 256 in micro-batches of 16. */
export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  method: 'proreg',
  scope: 'full',
  alpha: 1,
  temperature: 1,
  variant: 'official',
  gamma: 1,
  lrEncoder: 1e-5,
  lrHead: 1e-3,
  weightDecay: 0.01,
  schedule: 'warmup-linear',
  warmupFraction: 0.1,
  epochs: 10,
  batchSize: 256,
  microBatch: 16,
  seed: 0,
  augment: 'randaugment',
  teacherView: 'augmented',
  evalsPerEpoch: 2,
  valFraction: 0.1,
};

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
