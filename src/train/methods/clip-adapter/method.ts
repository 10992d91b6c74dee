// CLIP-Adapter: a residual MLP over the frozen image features, trained at the head's rate.
import { clipAdapter as info } from '../../../protocol/methods/clip-adapter';
import { makeRng } from '../../../shared/rng';
import type { MethodEngine } from '../method-engine';
import { ClipAdapterHead } from './clip-adapter-head';

export const clipAdapter: MethodEngine = {
  info,
  run: (_cfg, s) => s.headOnly(s.studentLoss),
  head: (cfg, ctx, o) => new ClipAdapterHead(ctx.classEmbeds, ctx.clip.params['logit_scale'], o.clipAdapter.ratio, o.clipAdapter.reduction, makeRng(cfg.seed * 7 + 23456), ctx.init),
};
