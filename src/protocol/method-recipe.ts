// What a method's official recipe sets beyond the schema's defaults; the CLI applies it where no flag was
// given, and the studio's form when a method is chosen. Sources: CoOp and ProReg's coop_finetune train the
// context at 0.002, SGD with Dassl's weight decay 5e-4 (KaiyangZhou/CoOp configs/trainers/CoOp/*.yaml);
// Tip-Adapter-F trains its keys at 0.001 for 20 epochs (gaopengcuhk/Tip-Adapter configs/*.yaml, d0e2d6f);
// FLYP trains everything at 1e-5 with weight decay 0.1 (locuslab/FLYP README's ImageNet command, 215d5bb).
import { DEFAULT_TRAIN_CONFIG, type Method, type TrainConfig } from './train-config';

export type RecipeKey = 'lrHead' | 'lrEncoder' | 'weightDecay' | 'epochs';
export type Recipe = Partial<Pick<TrainConfig, RecipeKey>>;

/** The recipe's values for `method` trained with `optimizer` (an SGD run takes SGD's weight decay). */
export function methodRecipe(method: Method, optimizer: 'adamw' | 'sgd' = 'adamw'): Recipe {
  const out: Recipe = {};
  if (method === 'coop') out.lrHead = 0.002;
  if (method === 'tip-adapter-f') Object.assign(out, { lrHead: 0.001, epochs: 20 });
  if (method === 'flyp') Object.assign(out, { lrEncoder: 1e-5, lrHead: 1e-5, weightDecay: 0.1 });
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
