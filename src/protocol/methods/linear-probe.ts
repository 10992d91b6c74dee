// Linear probe: the cosine head trains over the frozen image features.
import type { MethodInfo } from './method-info';

export const linearProbe = {
  name: 'linear-probe',
  hint: 'Train only the head (class embeddings and scale) with cross-entropy.',
  encoder: 'frozen',
  student: false,
  trainsWords: 'the head only (encoders frozen)',
} as const satisfies MethodInfo;
