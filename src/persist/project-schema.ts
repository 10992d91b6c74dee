// The schema of project.json inside an exported project (zod): anything else is refused with the reason.
import { z } from 'zod';
import { trainConfigSchema } from '../protocol/train-config';

export const PROJECT_FORMAT = 'proreg-studio-project';
export const PROJECT_VERSION = 1;

const split = z.enum(['train', 'val', 'test', 'ood']);

// JSON writes NaN as null: a diverged step's loss comes back as null.
const num = z.number().nullable();
const stepPoint = z.object({ step: z.number().int().nonnegative(), epoch: z.number().int().nonnegative(), loss: num, means: z.record(z.string(), num), lrEncoder: num, lrHead: num });

// An evaluation as eval-codec.ts writes it (NaN as null).
const splitEval = z.object({
  split, count: z.number(), accuracy: z.number(), perClass: z.array(num), perGroup: z.record(z.string(), z.number()),
  worstGroup: z.object({ group: z.string(), accuracy: z.number() }).nullable(), confusion: z.array(z.array(z.number())),
  ids: z.array(z.number().int()), predicted: z.array(z.number().int()), probTrue: z.array(num),
});
const evalJson = z.object({ step: z.number().int().nonnegative(), epoch: z.number().int().nonnegative(), splits: z.array(splitEval) });

const checkpointMark = z.object({ step: z.number().int().nonnegative(), epoch: z.number().int().nonnegative(), valAccuracy: num, best: z.boolean() });

// A run's alpha sweep: accuracy and worst-group accuracy per split at each alpha.
const sweepPoint = z.object({ alpha: z.number(), accuracy: z.partialRecord(split, z.number()), worstGroup: z.partialRecord(split, z.number()) });
const sweepCurves = z.object({ ensemble: z.array(sweepPoint).max(1000), wise: z.array(sweepPoint).max(1000) });

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
      config: trainConfigSchema,
      samples: z.array(sampleMeta),
      classNames: z.array(z.string()),
      templates: z.array(z.string()),
      done: z.boolean(),
      final: z.unknown().nullable(),
      checkpoints: z.array(z.enum(['last', 'best'])),
      hasLogits: z.boolean(),
      history: z.array(stepPoint).max(10_000_000).optional(),
      // The run's own record (absent in files written before the engine kept it; the ui part has it there).
      label: z.string().max(200).optional(),
      startedAt: z.number().optional(),
      evals: z.array(evalJson).max(100_000).optional(),
      marks: z.array(checkpointMark).max(1_000_000).optional(),
      stopped: z.boolean().optional(),
      error: z.string().max(10_000).nullable().optional(),
      sweep: sweepCurves.optional(),
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
