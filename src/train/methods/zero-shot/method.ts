// Zero-shot: evaluate only.
import { zeroShot as info } from '../../../protocol/methods/zero-shot';
import type { MethodEngine } from '../method-engine';

export const zeroShot: MethodEngine = { info, run: (_cfg, s) => s.evaluateOnly };
