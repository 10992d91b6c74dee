import { describe, expect, it } from 'vitest';
import { clampedWarmup, followRunLength, methodRecipe, switchMethod } from './method-recipe';
import { DEFAULT_TRAIN_CONFIG } from './train-config';

describe('method recipes', () => {
  it('carry the official values of the methods that have their own', () => {
    expect(methodRecipe('coop')).toEqual({ lrHead: 0.002 });
    expect(methodRecipe('coop', 'sgd')).toEqual({ lrHead: 0.002, weightDecay: 5e-4 });
    expect(methodRecipe('tip-adapter-f')).toEqual({ lrHead: 0.001, epochs: 20 });
    expect(methodRecipe('flyp')).toEqual({ lrEncoder: 1e-5, lrHead: 1e-5, weightDecay: 0.1, schedule: 'cosine', warmupSteps: 500 });
    expect(methodRecipe('proreg')).toEqual({});
  });

  it('FLYP\'s 500 warm-up steps are clamped to a tenth of a shorter run (at least one step)', () => {
    expect([20_000, 5000, 4999, 300, 9, 0].map((steps) => methodRecipe('flyp', 'adamw', steps).warmupSteps)).toEqual([500, 500, 499, 30, 1, 1]);
    expect(clampedWarmup(500, undefined)).toBe(500);
    const flyp = { ...DEFAULT_TRAIN_CONFIG, ...switchMethod(DEFAULT_TRAIN_CONFIG, 'flyp', 120) };
    expect([flyp.schedule, flyp.warmupSteps]).toEqual(['cosine', 12]);
    const back = { ...flyp, ...switchMethod(flyp, 'proreg', 120) };
    expect([back.schedule, back.warmupSteps]).toEqual([DEFAULT_TRAIN_CONFIG.schedule, DEFAULT_TRAIN_CONFIG.warmupSteps]);
  });

  it('switching methods resets what the old recipe set and applies the new one', () => {
    const flyp = { ...DEFAULT_TRAIN_CONFIG, ...switchMethod(DEFAULT_TRAIN_CONFIG, 'flyp') };
    expect(flyp.weightDecay).toBe(0.1);
    const back = { ...flyp, ...switchMethod(flyp, 'coop') };
    expect(back).toMatchObject({ method: 'coop', lrHead: 0.002, lrEncoder: DEFAULT_TRAIN_CONFIG.lrEncoder, weightDecay: DEFAULT_TRAIN_CONFIG.weightDecay });
  });

  it("a recipe's warm-up follows the run's length while it holds the recipe's value for the old length", () => {
    const flyp = { ...DEFAULT_TRAIN_CONFIG, ...switchMethod(DEFAULT_TRAIN_CONFIG, 'flyp') };
    expect(flyp.warmupSteps).toBe(500);
    expect(followRunLength(flyp, undefined, 120)).toEqual({ warmupSteps: 12 });
    expect(followRunLength({ ...flyp, warmupSteps: 12 }, 120, 3000)).toEqual({ warmupSteps: 300 });
    expect(followRunLength({ ...flyp, warmupSteps: 12 }, 120, 120)).toBeNull();
    expect(followRunLength({ ...flyp, warmupSteps: 40 }, 120, 3000)).toBeNull();
    expect(followRunLength({ ...DEFAULT_TRAIN_CONFIG, method: 'proreg', schedule: 'cosine' }, undefined, 120)).toBeNull();
  });
});
