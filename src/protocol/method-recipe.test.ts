import { describe, expect, it } from 'vitest';
import { methodRecipe, switchMethod } from './method-recipe';
import { DEFAULT_TRAIN_CONFIG } from './train-config';

describe('method recipes', () => {
  it('carry the official values of the methods that have their own', () => {
    expect(methodRecipe('coop')).toEqual({ lrHead: 0.002 });
    expect(methodRecipe('coop', 'sgd')).toEqual({ lrHead: 0.002, weightDecay: 5e-4 });
    expect(methodRecipe('tip-adapter-f')).toEqual({ lrHead: 0.001, epochs: 20 });
    expect(methodRecipe('flyp')).toEqual({ lrEncoder: 1e-5, lrHead: 1e-5, weightDecay: 0.1 });
    expect(methodRecipe('proreg')).toEqual({});
  });

  it('switching methods resets what the old recipe set and applies the new one', () => {
    const flyp = { ...DEFAULT_TRAIN_CONFIG, ...switchMethod(DEFAULT_TRAIN_CONFIG, 'flyp') };
    expect(flyp.weightDecay).toBe(0.1);
    const back = { ...flyp, ...switchMethod(flyp, 'coop') };
    expect(back).toMatchObject({ method: 'coop', lrHead: 0.002, lrEncoder: DEFAULT_TRAIN_CONFIG.lrEncoder, weightDecay: DEFAULT_TRAIN_CONFIG.weightDecay });
  });
});
