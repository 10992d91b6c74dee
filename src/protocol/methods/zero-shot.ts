// Zero-shot: the prompts alone as a classifier; nothing trains.
import type { MethodInfo } from './method-info';

export const zeroShot = {
  name: 'zero-shot',
  hint: 'No training: evaluate the prompts as a classifier.',
  encoder: 'frozen',
  student: false,
  trainsWords: 'nothing (no training)',
} as const satisfies MethodInfo;
