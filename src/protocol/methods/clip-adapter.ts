// CLIP-Adapter: a residual bottleneck MLP on the frozen image features.
import type { MethodInfo } from './method-info';

export const clipAdapter = {
  name: 'clip-adapter',
  hint: 'CLIP-Adapter: a small residual MLP on the frozen image features.',
  encoder: 'frozen',
  student: true,
  trainsWords: 'adapter MLP (encoders frozen)',
} as const satisfies MethodInfo;
