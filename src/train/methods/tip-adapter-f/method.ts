// Tip-Adapter-F: Tip-Adapter's cache with its keys trained at the head's rate.
import { tipAdapterF as info } from '../../../protocol/methods/tip-adapter-f';
import type { MethodEngine } from '../method-engine';
import { TipAdapterHead } from '../tip-adapter/tip-adapter-head';

export const tipAdapterF: MethodEngine = {
  info,
  run: (_cfg, s) => s.headOnly(s.studentLoss),
  head: (_cfg, ctx, o) => new TipAdapterHead(ctx.classEmbeds, ctx.clip.params['logit_scale'], o.tipAdapter, true),
};
