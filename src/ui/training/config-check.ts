// What is wrong with a training config, in words, before the engine is asked.
import type { TrainConfig } from '../../protocol/train-types';

export function configProblems(c: TrainConfig): string[] {
  const out: string[] = [];
  if (!(c.batchSize >= 1 && c.microBatch >= 1)) out.push('Batch size and micro-batch must be at least 1.');
  else if (c.batchSize % c.microBatch !== 0) out.push(`Batch size ${c.batchSize} must be a multiple of the micro-batch ${c.microBatch}.`);
  if (!(c.epochs >= 1)) out.push('Train for at least one epoch.');
  if (!/^(head|full|last-[1-9]\d*)$/.test(c.scope)) out.push(`Scope "${c.scope}" must be head, full or last-K.`);
  if (c.lrEncoder < 0 || c.lrHead < 0) out.push('Learning rates cannot be negative.');
  if (c.valFraction < 0 || c.valFraction >= 1) out.push('Validation fraction must be in [0, 1).');
  if (c.temperature <= 0) out.push('Temperature must be positive.');
  return out;
}

export const METHOD_HINTS: Record<TrainConfig['method'], string> = {
  'zero-shot': 'No training: evaluate the prompts as a classifier.',
  'linear-probe': 'Train only the head (class embeddings and scale) with cross-entropy.',
  finetune: 'Cross-entropy on the labels only.',
  kd: 'Fixed mix: (1-α)·CE + α·KD toward the zero-shot prompts.',
  proreg: 'ProReg: per-sample weight w trades the label against the prompt.',
  coop: 'CoOp: learn the prompt\'s context vectors; both encoders stay frozen.',
  'clip-adapter': 'CLIP-Adapter: a small residual MLP on the frozen image features.',
  'tip-adapter': 'Tip-Adapter: a cache of the training images beside the prompts; no training.',
  'tip-adapter-f': 'Tip-Adapter-F: the cache\'s keys fine-tuned.',
  'lp-ft': 'LP-FT: a linear probe first, then fine-tuning from that head.',
  flyp: 'FLYP: both encoders fine-tuned with CLIP\'s contrastive loss between each image and its class prompt.',
};
