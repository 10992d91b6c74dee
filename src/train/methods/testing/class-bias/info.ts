// A toy method that exists only for the registry's test (methods/registry.test.ts): the zero-shot cosine
// classifier plus a learned bias per class over the frozen image features. Its descriptor sits in its
// folder because no schema or form sees it; a method the studio offers keeps its descriptor in
// protocol/methods/ (README, "Adding a method" in docs/design.md).
import type { MethodInfo } from '../../../../protocol/methods/method-info';

export const classBiasInfo = {
  name: 'class-bias',
  hint: 'Toy: a learned bias per class on the zero-shot classifier.',
  encoder: 'frozen',
  student: true,
  trainsWords: 'a bias per class (encoders frozen)',
  recipe: { lrHead: 0.01 },
} as const satisfies MethodInfo;
