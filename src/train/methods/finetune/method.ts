// Fine-tuning: the scope's encoder and the cosine head train with cross-entropy.
import { finetune as info } from '../../../protocol/methods/finetune';
import type { MethodEngine } from '../method-engine';

export const finetune: MethodEngine = { info, run: (_cfg, s) => s.encoder({ ...s.lossBase, kind: 'ce' }) };
