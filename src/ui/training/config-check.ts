// What is wrong with a training config, in words, before the engine is asked: the schema's checks
// (protocol/train-config.ts), the same the worker and the CLI apply.
import { checkTrainConfig, issueSentence } from '../../protocol/config-fields';
import type { TrainConfig } from '../../protocol/train-config';

export function configProblems(c: TrainConfig): string[] {
  return checkTrainConfig(c).issues.map(issueSentence);
}

// Each method's sentence for the picker, from its descriptor (protocol/methods/).
export { METHOD_HINTS } from '../../protocol/methods/registry';
