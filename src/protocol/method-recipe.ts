// What a method's official recipe sets beyond the schema's defaults (each method's descriptor in
// protocol/methods/ names its recipe and source); the CLI applies it where no flag was given, and the
// studio's form when a method is chosen. An SGD run takes Dassl's weight decay 5e-4 (KaiyangZhou/CoOp
// configs/trainers/CoOp/*.yaml). The studio's runs are often shorter than a recipe's warm-up (FLYP's 500
// steps): given the run's step count, the warm-up is clamped to a tenth of the run (at least one step), as
// the studio's warmup-linear default warms up a tenth.
import { methodInfo } from './methods/registry';
import type { RecipeKey } from './methods/method-info';
import { DEFAULT_TRAIN_CONFIG, type Method, type TrainConfig } from './train-config';

export type { RecipeKey } from './methods/method-info';
export type Recipe = Partial<Pick<TrainConfig, RecipeKey>>;

/** A recipe's warm-up of `warmup` steps within a run of `steps` steps: a tenth of a shorter run (at least 1). */
export function clampedWarmup(warmup: number, steps: number | undefined): number {
  if (steps === undefined) return warmup;
  return Math.min(warmup, Math.max(1, Math.floor(steps / 10)));
}

/**
 * The recipe's values for `method` trained with `optimizer` (an SGD run takes SGD's weight decay); `steps`,
 * where known (the studio's form), clamps the recipe's warm-up to the run.
 */
export function methodRecipe(method: Method, optimizer: 'adamw' | 'sgd' = 'adamw', steps?: number): Recipe {
  const out: Recipe = { ...methodInfo(method).recipe };
  if (out.warmupSteps !== undefined) out.warmupSteps = clampedWarmup(out.warmupSteps, steps);
  if (optimizer === 'sgd') out.weightDecay = 5e-4;
  return out;
}

/**
 * The warm-up when a run's step count changes from `before` to `after` (images imported or removed, epochs or
 * batch size changed; `undefined`: no images to count from): the recipe's value re-derived for the new length,
 * as long as the field still holds the recipe's value for the old one; a value the user typed stays (null).
 */
export function followRunLength(config: TrainConfig, before: number | undefined, after: number | undefined): Partial<TrainConfig> | null {
  const optimizer = config.methodOptions?.optimizer ?? 'adamw';
  const was = methodRecipe(config.method, optimizer, before).warmupSteps;
  if (was === undefined || config.warmupSteps !== was) return null;
  const now = methodRecipe(config.method, optimizer, after).warmupSteps!;
  return now === was ? null : { warmupSteps: now };
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
