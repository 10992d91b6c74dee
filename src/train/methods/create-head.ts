// The student head a method needs, or null for the cosine head of fine-tuning, KD and ProReg.
import type * as tf from '@tensorflow/tfjs-core';
import type { ClipModel } from '../../model/clip';
import type { ClipTokenizer } from '../../tokenizer/clip-tokenizer';
import { methodOptions, type TrainConfig } from '../../protocol/train-config';
import { makeRng } from '../../shared/rng';
import { CoopHead } from './coop';
import { ClipAdapterHead } from './clip-adapter';
import { TipAdapterHead } from './tip-adapter';
import type { InitValues, StudentHead } from './student-head';

export interface HeadContext {
  clip: ClipModel;
  /** The zero-shot class embeddings W0 [C,E]. */
  classEmbeds: tf.Tensor2D;
  classNames: string[];
  /** Needed by methods that build prompts (CoOp). */
  tokenizer?: ClipTokenizer;
  /** Named initial values for the new parameters (else drawn from the run's seed). */
  init?: InitValues;
}

export function createStudentHead(cfg: TrainConfig, ctx: HeadContext): StudentHead | null {
  const o = methodOptions(cfg);
  switch (cfg.method) {
    case 'coop': {
      if (!ctx.tokenizer) throw new Error('internal: CoOp needs the tokenizer to build its prompts');
      return new CoopHead(ctx.clip, ctx.tokenizer, ctx.classNames, o.coop, makeRng(cfg.seed * 7 + 12345), ctx.init);
    }
    case 'clip-adapter':
      return new ClipAdapterHead(ctx.classEmbeds, ctx.clip.params['logit_scale'], o.clipAdapter.ratio, o.clipAdapter.reduction, makeRng(cfg.seed * 7 + 23456), ctx.init);
    case 'tip-adapter':
    case 'tip-adapter-f':
      return new TipAdapterHead(ctx.classEmbeds, ctx.clip.params['logit_scale'], o.tipAdapter, cfg.method === 'tip-adapter-f');
    default:
      return null;
  }
}
