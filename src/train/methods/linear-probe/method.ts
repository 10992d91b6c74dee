// Linear probe: the cosine head trains with cross-entropy over the frozen encoder, at the head's rate.
import { linearProbe as info } from '../../../protocol/methods/linear-probe';
import type { MethodEngine } from '../method-engine';

export const linearProbe: MethodEngine = { info, run: (_cfg, s) => s.headOnly({ ...s.lossBase, kind: 'ce' }) };
