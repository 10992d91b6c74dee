// Learning-rate schedules as a multiplier of the base rate at optimisation step t (0-based) of `total`.
import type { ScheduleKind } from '../protocol/train-config';

export interface ScheduleShape {
  /** 'warmup-linear': the fraction of steps spent warming up. */
  warmupFraction?: number;
  /** 'cosine': the steps of warm-up before the decay. */
  warmupSteps?: number;
}

/**
 * warmup-linear: linear warm-up over the first `warmupFraction` of steps, then linear decay to 0 (official
 * recipe). cosine: FLYP's cosine_lr (locuslab/FLYP `src/models/utils.py`, 215d5bb, min_lr 0): (t+1)/w over
 * the first w = `warmupSteps` steps, then half a cosine from 1 toward 0 over the remaining total - w.
 */
export function lrMultiplier(kind: ScheduleKind, t: number, total: number, shape: ScheduleShape = {}): number {
  if (kind === 'constant') return 1;
  if (kind === 'cosine') return cosineMultiplier(t, total, shape.warmupSteps ?? 500);
  const warmup = Math.floor(total * (shape.warmupFraction ?? 0.1));
  if (t < warmup) return (t + 1) / warmup;
  const rest = Math.max(1, total - warmup);
  return Math.max(0, (total - t) / rest);
}

function cosineMultiplier(t: number, total: number, warmup: number): number {
  if (t < warmup) return (t + 1) / warmup;
  return 0.5 * (1 + Math.cos((Math.PI * (t - warmup)) / (total - warmup)));
}
