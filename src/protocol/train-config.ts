// The training config, described once: this zod schema is its type (z.infer), its defaults, its bounds and
// its parser at every entry (the worker's train request, the CLI's flags, an imported project, the restored
// UI state). The form reads its choices and bounds from here; the cross-field checks are refinements.
import { z } from 'zod';
import { scopeOf } from './scope';
import { METHODS } from './methods/registry';

// The methods are described one file each in protocol/methods/ (registry.ts lists them).
export { isStudentMethod, METHODS, STUDENT_METHODS, trainsEncoder, type Method, type StudentMethod } from './methods/registry';

export const VARIANTS = ['official', 'prob_ratio', 'ce_ratio'] as const;
export const SCHEDULES = ['warmup-linear', 'constant'] as const;
export const AUGMENTS = ['none', 'randaugment'] as const;
export const TEACHER_VIEWS = ['augmented', 'clean'] as const;
export const OPTIMIZERS = ['adamw', 'sgd'] as const;

export type WeightVariant = (typeof VARIANTS)[number];
export type ScheduleKind = (typeof SCHEDULES)[number];
export type AugmentKind = (typeof AUGMENTS)[number];
export type OptimizerKind = (typeof OPTIMIZERS)[number];

const count = (d: number) => z.number().int().min(1).default(d);

/** CoOp's prompt learner (KaiyangZhou/CoOp trainers/coop.py; ProReg's coop_finetune as `layout: 'proreg'`). */
const coopOptions = z.object({
  /** One context shared by every class (CoOp's default) or one per class (CSC; ProReg's code). */
  context: z.enum(['unified', 'class']).default('unified'),
  /** M learned vectors (ignored when starting from a phrase: one per word). */
  tokens: count(16),
  /** 'random' or a phrase whose token embeddings start the context, e.g. 'a photo of a'. */
  init: z.string().max(200).default('random'),
  /** 'coop': context, class name, period; 'proreg': context, class name (heads.CoOp of the ProReg code). */
  layout: z.enum(['coop', 'proreg']).default('coop'),
});

/** Tip-Adapter(-F) (gaopengcuhk/Tip-Adapter main.py, configs/imagenet.yaml at d0e2d6f). */
const tipAdapterOptions = z.object({
  /** Weight of the cache logits (init_alpha). */
  alpha: z.number().min(0).default(1.17),
  /** Sharpness of the affinity (init_beta). */
  beta: z.number().min(0).default(1),
  /** Search beta and alpha on the validation split after training (search_hp). */
  search: z.boolean().default(true),
  /** Upper ends of the beta and alpha grids (search_scale); both start at 0.1. */
  searchScale: z.tuple([z.number().positive(), z.number().positive()]).default([7, 3]),
  /** Grid points for beta and alpha (search_step). */
  searchSteps: z.tuple([z.number().int().positive(), z.number().int().positive()]).default([200, 20]),
});

/** Options of the methods beyond the paper's own, one group per method; absent groups take the recipe's values. */
export const methodOptionsSchema = z.object({
  /** Add ProReg's adaptive KL toward the frozen zero-shot teacher (alpha, variant from the config). */
  proreg: z.boolean().default(false),
  /** The new parameters' optimiser: AdamW (ProReg's code) or SGD with momentum 0.9 (CoOp's). */
  optimizer: z.enum(OPTIMIZERS).default('adamw'),
  coop: coopOptions.prefault({}),
  /** CLIP-Adapter (gaopengcuhk/CLIP-Adapter clip_adapter.py): residual ratio and bottleneck reduction. */
  clipAdapter: z.object({ ratio: z.number().min(0).max(1).default(0.2), reduction: count(4) }).prefault({}),
  tipAdapter: tipAdapterOptions.prefault({}),
  /** LP-FT: epochs of the linear probe before fine-tuning (the run's epochs are the fine-tuning's). */
  lpft: z.object({ probeEpochs: count(10) }).prefault({}),
});

/** The settings of one run. Defaults: the official recipe (PROREG.md), scaled to what a browser holds. */
export const trainConfigSchema = z.object({
  method: z.enum(METHODS).default('proreg'),
  /** 'head', 'last-K' (e.g. 'last-2') or 'full'; parsed by protocol/scope.ts. */
  scope: z.string().refine((s) => scopeOf(s) !== null, 'must be head, full or last-K (e.g. last-2)').default('full'),
  /** Weight of the distillation term. */
  alpha: z.number().min(0).default(1),
  temperature: z.number().positive().default(1),
  variant: z.enum(VARIANTS).default('official'),
  gamma: z.number().min(0).default(1),
  lrEncoder: z.number().min(0).default(1e-5),
  lrHead: z.number().min(0).default(1e-3),
  weightDecay: z.number().min(0).default(0.01),
  schedule: z.enum(SCHEDULES).default('warmup-linear'),
  /** Fraction of steps spent warming up with 'warmup-linear'. */
  warmupFraction: z.number().min(0).max(1).default(0.1),
  epochs: z.number().int().positive().default(10),
  /** Effective batch size (one optimisation step): 256 in micro-batches of 16. */
  batchSize: z.number().int().positive().default(256),
  /** Images per forward/backward pass; gradients accumulate over batchSize / microBatch passes. */
  microBatch: z.number().int().positive().default(16),
  seed: z.number().int().min(0).default(0),
  augment: z.enum(AUGMENTS).default('randaugment'),
  /** With augmentation: run the teacher on the augmented view (official) or the clean, cached view. */
  teacherView: z.enum(TEACHER_VIEWS).default('augmented'),
  /** Evaluations per epoch (the official recipe evaluates twice). */
  evalsPerEpoch: z.number().int().positive().default(2),
  /** Fraction of training images carved out as validation when no val split is given (0 = none). */
  valFraction: z.number().min(0).max(1).default(0.1),
  /** Options of the student methods (absent in configs saved before they existed: the defaults apply). */
  methodOptions: methodOptionsSchema.optional(),
}).superRefine((c, ctx) => {
  if (c.valFraction === 1) {
    ctx.addIssue({ code: 'custom', path: ['valFraction'], message: 'must be below 1 (it is the share of training images held out for validation)' });
  }
  if (c.batchSize % c.microBatch !== 0) {
    ctx.addIssue({ code: 'custom', path: ['batchSize'], message: `must be a multiple of the micro-batch ${c.microBatch}` });
  }
});

export type TrainConfig = z.infer<typeof trainConfigSchema>;
export type MethodOptions = z.infer<typeof methodOptionsSchema>;
export type CoopOptions = MethodOptions['coop'];
export type TipAdapterOptions = MethodOptions['tipAdapter'];

export const DEFAULT_TRAIN_CONFIG: TrainConfig = trainConfigSchema.parse({});
export const DEFAULT_METHOD_OPTIONS: MethodOptions = methodOptionsSchema.parse({});

/** The config's method options, with the recipe's values where a group or field is absent. */
export function methodOptions(cfg: Pick<TrainConfig, 'methodOptions'>): MethodOptions {
  return methodOptionsSchema.parse(cfg.methodOptions ?? {});
}
