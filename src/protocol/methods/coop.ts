// CoOp: learned prompt context vectors. Recipe: the context trains at 0.002 (KaiyangZhou/CoOp
// configs/trainers/CoOp/*.yaml; ProReg's coop_finetune likewise).
import type { MethodInfo } from './method-info';

export const coop = {
  name: 'coop',
  hint: 'CoOp: learn the prompt\'s context vectors; both encoders stay frozen.',
  encoder: 'frozen',
  student: true,
  trainsWords: 'prompt context vectors (encoders frozen)',
  recipe: { lrHead: 0.002 },
  needs: { tokenizer: true },
} as const satisfies MethodInfo;
