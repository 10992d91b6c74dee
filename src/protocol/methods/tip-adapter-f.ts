// Tip-Adapter-F: the cache's keys fine-tuned. Recipe: 0.001 for 20 epochs (gaopengcuhk/Tip-Adapter
// configs/*.yaml, d0e2d6f).
import type { MethodInfo } from './method-info';

export const tipAdapterF = {
  name: 'tip-adapter-f',
  hint: 'Tip-Adapter-F: the cache\'s keys fine-tuned.',
  encoder: 'frozen',
  student: true,
  trainsWords: 'the cache keys (encoders frozen)',
  recipe: { lrHead: 0.001, epochs: 20 },
} as const satisfies MethodInfo;
