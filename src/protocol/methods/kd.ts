// Knowledge distillation toward the zero-shot prompts at a fixed mix.
import type { MethodInfo } from './method-info';

export const kd = {
  name: 'kd',
  hint: 'Fixed mix: (1-α)·CE + α·KD toward the zero-shot prompts.',
  encoder: 'trained',
  student: false,
} as const satisfies MethodInfo;
