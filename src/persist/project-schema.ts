// The schema of project.json inside an exported project (zod): anything else is refused with the reason.
import { z } from 'zod';

export const PROJECT_FORMAT = 'proreg-studio-project';
export const PROJECT_VERSION = 1;

const split = z.enum(['train', 'val', 'test', 'ood']);

/** A run's settings with their bounds; the CLI checks its flags against it too. */
export const trainConfig = z.object({
  method: z.enum(['zero-shot', 'linear-probe', 'finetune', 'kd', 'proreg', 'coop', 'clip-adapter', 'tip-adapter', 'tip-adapter-f', 'lp-ft', 'flyp']),
  scope: z.string().regex(/^(head|full|last-\d+)$/),
  alpha: z.number(), temperature: z.number().positive(), variant: z.enum(['official', 'prob_ratio', 'ce_ratio']), gamma: z.number(),
  lrEncoder: z.number().nonnegative(), lrHead: z.number().nonnegative(), weightDecay: z.number().nonnegative(),
  schedule: z.enum(['constant', 'warmup-linear']), warmupFraction: z.number().min(0).max(1),
  epochs: z.number().int().positive(), batchSize: z.number().int().positive(), microBatch: z.number().int().positive(),
  seed: z.number().int(), augment: z.enum(['none', 'randaugment']), teacherView: z.enum(['augmented', 'clean']),
  evalsPerEpoch: z.number().int().positive(), valFraction: z.number().min(0).max(1),
  methodOptions: z.object({
    proreg: z.boolean(), optimizer: z.enum(['adamw', 'sgd']),
    coop: z.object({ context: z.enum(['unified', 'class']), tokens: z.number().int().positive(), init: z.string().max(200), layout: z.enum(['coop', 'proreg']) }),
    clipAdapter: z.object({ ratio: z.number().min(0).max(1), reduction: z.number().int().positive() }),
    tipAdapter: z.object({ alpha: z.number(), beta: z.number(), search: z.boolean(), searchScale: z.tuple([z.number(), z.number()]), searchSteps: z.tuple([z.number().int().positive(), z.number().int().positive()]) }),
    lpft: z.object({ probeEpochs: z.number().int().positive() }),
  }).optional(),
});

// JSON writes NaN as null: a diverged step's loss comes back as null.
const num = z.number().nullable();
const stepPoint = z.object({ step: z.number().int().nonnegative(), epoch: z.number().int().nonnegative(), loss: num, means: z.record(z.string(), num), lrEncoder: num, lrHead: num });

const sampleMeta = z.object({ id: z.number().int().nonnegative(), label: z.number().int().nonnegative(), split, group: z.string().optional() });

export const projectJson = z.object({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(PROJECT_VERSION),
  name: z.string().min(1).max(200),
  createdAt: z.number(),
  classes: z.array(z.string().min(1).max(200)).max(10_000),
  samples: z.array(sampleMeta.extend({ path: z.string().min(1).max(1000), file: z.string() })).max(200_000),
  ui: z.unknown(),
  runs: z.array(
    z.object({
      runId: z.string().regex(/^[\w.-]{1,100}$/),
      config: trainConfig,
      samples: z.array(sampleMeta),
      classNames: z.array(z.string()),
      templates: z.array(z.string()),
      done: z.boolean(),
      final: z.unknown().nullable(),
      checkpoints: z.array(z.enum(['last', 'best'])),
      hasLogits: z.boolean(),
      history: z.array(stepPoint).max(10_000_000).optional(),
    }),
  ).max(1000),
});

export type ProjectJson = z.infer<typeof projectJson>;

/** The first problems of a failed parse, as one readable sentence. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
