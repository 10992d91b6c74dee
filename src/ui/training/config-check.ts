// What is wrong with a training config, in words, before the engine is asked: the schema's checks
// (protocol/train-config.ts), the same the worker and the CLI apply.
import { checkTrainConfig, issueSentence } from '../../protocol/config-fields';
import type { TrainConfig } from '../../protocol/train-config';

export function configProblems(c: TrainConfig): string[] {
  return checkTrainConfig(c).issues.map(issueSentence);
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
};
