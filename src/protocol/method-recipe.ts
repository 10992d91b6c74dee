// What a method's official recipe sets beyond the schema's defaults (each method's descriptor in
// protocol/methods/ names its recipe and source); the CLI applies it where no flag was given, and the
// studio's form when a method is chosen. An SGD run takes Dassl's weight decay 5e-4 (KaiyangZhou/CoOp
// configs/trainers/CoOp/*.yaml).
import { methodInfo } from './methods/registry';
import type { RecipeKey } from './methods/method-info';
import { DEFAULT_TRAIN_CONFIG, type Method, type TrainConfig } from './train-config';

export type { RecipeKey } from './methods/method-info';
export type Recipe = Partial<Pick<TrainConfig, RecipeKey>>;

/** The recipe's values for `method` trained with `optimizer` (an SGD run takes SGD's weight decay). */
export function methodRecipe(method: Method, optimizer: 'adamw' | 'sgd' = 'adamw'): Recipe {
  const out: Recipe = { ...methodInfo(method).recipe };
  if (optimizer === 'sgd') out.weightDecay = 5e-4;
  return out;
}

/**
 * The change of settings when a form switches from `config.method` to `method`: what the old recipe set
 * returns to the schema's default, then the new recipe applies.
 */
export function switchMethod(config: TrainConfig, method: Method): Partial<TrainConfig> {
  const optimizer = config.methodOptions?.optimizer ?? 'adamw';
  const patch: Partial<TrainConfig> = { method };
  for (const key of Object.keys(methodRecipe(config.method, optimizer)) as RecipeKey[]) patch[key] = DEFAULT_TRAIN_CONFIG[key];
  return { ...patch, ...methodRecipe(method, optimizer) };
}
