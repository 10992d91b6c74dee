// CoOp: learned prompts over both frozen encoders; the context trains at the head's rate.
import { coop as info } from '../../../protocol/methods/coop';
import { makeRng } from '../../../shared/rng';
import type { MethodEngine } from '../method-engine';
import { CoopHead } from './coop-head';

export const coop: MethodEngine = {
  info,
  run: (_cfg, s) => s.headOnly(s.studentLoss),
  head: (cfg, ctx, o) => new CoopHead(ctx.clip, ctx.tokenizer, ctx.classNames, o.coop, makeRng(cfg.seed * 7 + 12345), ctx.init),
};
