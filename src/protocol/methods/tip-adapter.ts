// Tip-Adapter: a cache of the training images beside the prompts; training-free.
import type { MethodInfo } from './method-info';

export const tipAdapter = {
  name: 'tip-adapter',
  hint: 'Tip-Adapter: a cache of the training images beside the prompts; no training.',
  encoder: 'frozen',
  student: true,
  trainsWords: 'nothing (a cache of the images, no training)',
} as const satisfies MethodInfo;
