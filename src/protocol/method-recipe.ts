// What a method's official recipe sets beyond the schema's defaults; the CLI applies it where no flag was
// given, and the studio's form when a method is chosen. Sources: CoOp and ProReg's coop_finetune train the
// context at 0.002, SGD with Dassl's weight decay 5e-4 (KaiyangZhou/CoOp configs/trainers/CoOp/*.yaml);
// Tip-Adapter-F trains its keys at 0.001 for 20 epochs (gaopengcuhk/Tip-Adapter configs/*.yaml, d0e2d6f);
// FLYP trains everything at 1e-5 with weight decay 0.1 (locuslab/FLYP README's ImageNet command, 215d5bb)
// on its cosine schedule with 500 warm-up steps (src/args.py's warmup_length, src/models/utils.py's cosine_lr).
// The studio's runs are often shorter than 500 steps: given the run's step count, FLYP's warm-up is clamped
// to a tenth of the run (at least one step), as the studio's warmup-linear default warms up a tenth.
import { DEFAULT_TRAIN_CONFIG, type Method, type TrainConfig } from './train-config';

export type RecipeKey = 'lrHead' | 'lrEncoder' | 'weightDecay' | 'epochs' | 'schedule' | 'warmupSteps';
export type Recipe = Partial<Pick<TrainConfig, RecipeKey>>;

/** FLYP's warm-up steps (locuslab/FLYP src/args.py, warmup_length). */
export const FLYP_WARMUP_STEPS = 500;

/** FLYP's warm-up within a run of `steps` steps: 500, or a tenth of a shorter run (at least 1). */
export function clampedWarmup(steps: number | undefined): number {
  if (steps === undefined) return FLYP_WARMUP_STEPS;
  return Math.min(FLYP_WARMUP_STEPS, Math.max(1, Math.floor(steps / 10)));
}

/**
 * The recipe's values for `method` trained with `optimizer` (an SGD run takes SGD's weight decay); `steps`,
 * where known (the studio's form), clamps FLYP's warm-up to the run.
 */
export function methodRecipe(method: Method, optimizer: 'adamw' | 'sgd' = 'adamw', steps?: number): Recipe {
  const out: Recipe = {};
  if (method === 'coop') out.lrHead = 0.002;
  if (method === 'tip-adapter-f') Object.assign(out, { lrHead: 0.001, epochs: 20 });
  if (method === 'flyp') Object.assign(out, { lrEncoder: 1e-5, lrHead: 1e-5, weightDecay: 0.1, schedule: 'cosine', warmupSteps: clampedWarmup(steps) });
  if (optimizer === 'sgd') out.weightDecay = 5e-4;
  return out;
}

/**
 * The change of settings when a form switches from `config.method` to `method`: what the old recipe set
 * returns to the schema's default, then the new recipe applies.
 */
export function switchMethod(config: TrainConfig, method: Method, steps?: number): Partial<TrainConfig> {
  const optimizer = config.methodOptions?.optimizer ?? 'adamw';
  const patch: Partial<TrainConfig> = { method };
  for (const key of Object.keys(methodRecipe(config.method, optimizer)) as RecipeKey[]) (patch as Record<RecipeKey, unknown>)[key] = DEFAULT_TRAIN_CONFIG[key];
  return { ...patch, ...methodRecipe(method, optimizer, steps) };
}
