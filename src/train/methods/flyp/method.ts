// FLYP: both towers within the scope; its contrastive loss comes with its head.
import { flyp as info } from '../../../protocol/methods/flyp';
import { parseScope } from '../../../protocol/scope';
import { DEFAULT_TEMPLATE } from '../../zero-shot';
import type { MethodEngine } from '../method-engine';
import { FlypHead } from './flyp-head';

export const flyp: MethodEngine = {
  info,
  run: (_cfg, s) => ({ ...s.encoder(s.studentLoss), textTower: true }),
  head: (cfg, ctx) => new FlypHead(ctx.clip, ctx.tokenizer, ctx.classNames, ctx.templates ?? [DEFAULT_TEMPLATE], parseScope(cfg.scope)),
};
