// Tip-Adapter: training-free; the cache is built from the training features and only the search runs.
import { tipAdapter as info } from '../../../protocol/methods/tip-adapter';
import type { MethodEngine } from '../method-engine';
import { TipAdapterHead } from './tip-adapter-head';

export const tipAdapter: MethodEngine = {
  info,
  run: (_cfg, s) => s.evaluateOnly,
  head: (_cfg, ctx, o) => new TipAdapterHead(ctx.classEmbeds, ctx.clip.params['logit_scale'], o.tipAdapter, false),
};
