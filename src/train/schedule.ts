// Learning-rate schedules as a multiplier of the base rate at optimisation step t (0-based) of `total`.
import type { ScheduleKind } from '../protocol/train-config';

/** warmup-linear: linear warm-up over the first `warmupFraction` of steps, then linear decay to 0 (official recipe). */
export function lrMultiplier(kind: ScheduleKind, t: number, total: number, warmupFraction = 0.1): number {
  if (kind === 'constant') return 1;
  const warmup = Math.floor(total * warmupFraction);
  if (t < warmup) return (t + 1) / warmup;
  const rest = Math.max(1, total - warmup);
  return Math.max(0, (total - t) / rest);
}
