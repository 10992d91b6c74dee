// The toy method's engine: a head-only run (the student loss: cross-entropy, ProReg's term with the switch)
// training the class bias at the head's rate.
import type { MethodEngine } from '../../method-engine';
import { ClassBiasHead } from './class-bias-head';
import { classBiasInfo } from './info';

export const classBias: MethodEngine = {
  info: classBiasInfo,
  run: (_cfg, s) => s.headOnly(s.studentLoss),
  head: (_cfg, ctx) => new ClassBiasHead(ctx.classEmbeds, ctx.clip.params['logit_scale']),
};
