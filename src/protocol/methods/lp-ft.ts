// LP-FT (Kumar et al., ICLR 2022): a linear probe first, then fine-tuning from the probed head.
import type { MethodInfo } from './method-info';

export const lpFt = {
  name: 'lp-ft',
  hint: 'LP-FT: a linear probe first, then fine-tuning from that head.',
  encoder: 'trained',
  student: true,
} as const satisfies MethodInfo;
