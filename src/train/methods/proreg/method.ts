// ProReg: the scope's encoder and the cosine head train with the adaptive KL toward the prompts.
import { proreg as info } from '../../../protocol/methods/proreg';
import type { MethodEngine } from '../method-engine';

export const proreg: MethodEngine = { info, run: (_cfg, s) => s.encoder({ ...s.lossBase, kind: 'proreg' }) };
