// ProReg (PROREG.md): cross-entropy plus an adaptive KL toward the zero-shot prompts, mixed per sample.
import type { MethodInfo } from './method-info';

export const proreg = {
  name: 'proreg',
  hint: 'ProReg: per-sample weight w trades the label against the prompt.',
  encoder: 'trained',
  student: false,
} as const satisfies MethodInfo;
