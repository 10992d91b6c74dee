// A recipe's warm-up (FLYP's 500 steps) is clamped to the run when the method is chosen; the run's length
// also changes afterwards (images imported after the method was picked, epochs or batch size edited), and the
// warm-up follows it while the field still holds the recipe's value. A value the user typed stays.
import { useEffect, useRef } from 'react';
import { followRunLength } from '../../protocol/method-recipe';
import type { TrainConfig } from '../../protocol/train-config';

/** `steps`: the run's step count, `undefined` while there are no images to count it from. */
export function useWarmupFollowsRun(config: TrainConfig, steps: number | undefined, set: (patch: Partial<TrainConfig>) => void): void {
  // The length the field's value was derived for; unknown on mount (a project saved before images were
  // imported holds the recipe's unclamped value).
  const derivedFor = useRef<number | undefined>(undefined);
  useEffect(() => {
    const patch = followRunLength(config, derivedFor.current, steps);
    derivedFor.current = steps;
    if (patch) set(patch);
  }, [config, steps, set]);
}
