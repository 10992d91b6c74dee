// FLYP: both towers fine-tuned with CLIP's contrastive loss. Recipe: everything at 1e-5 with weight decay
// 0.1 (locuslab/FLYP README's ImageNet command, 215d5bb).
import type { MethodInfo } from './method-info';

export const flyp = {
  name: 'flyp',
  hint: 'FLYP: both encoders fine-tuned with CLIP\'s contrastive loss between each image and its class prompt.',
  encoder: 'trained',
  student: true,
  recipe: { lrEncoder: 1e-5, lrHead: 1e-5, weightDecay: 0.1 },
  needs: { tokenizer: true },
} as const satisfies MethodInfo;
