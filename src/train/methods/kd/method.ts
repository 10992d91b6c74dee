// Knowledge distillation: the scope's encoder and the cosine head train with the fixed CE/KD mix.
import { kd as info } from '../../../protocol/methods/kd';
import type { MethodEngine } from '../method-engine';

export const kd: MethodEngine = { info, run: (_cfg, s) => s.encoder({ ...s.lossBase, kind: 'kd' }) };
