// Fine-tuning with cross-entropy on the labels (`--method ce` in the CLI).
import type { MethodInfo } from './method-info';

export const finetune = {
  name: 'finetune',
  hint: 'Cross-entropy on the labels only.',
  encoder: 'trained',
  student: false,
} as const satisfies MethodInfo;
