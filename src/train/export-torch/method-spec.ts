// What the exported train.py needs beyond the config for the student methods: CoOp's prompt layout as
// token ids (the tokenizer stays in the studio, as for the zero-shot prompts) and the starting values a run
// was given with --init. The random starts are drawn by train.py itself from the run's seed, as the studio
// draws them (each method's train/methods/<name>/method.ts).
import type { TrainConfig } from '../../protocol/train-types';
import type { ClipTokenizer } from '../../tokenizer/clip-tokenizer';
import { layoutPrompts } from '../methods/coop/coop-head';
import type { InitValues } from '../methods/student-head';
import { methodOptions } from '../../protocol/train-config';

export interface TorchCoopPrompts {
  /** The start-of-text id every prompt begins with. */
  start_id: number;
  /** Ids after the context per class, padded with 0 to one length. */
  suffix_ids: number[][];
  /** The end-of-text place in [start, context, suffix] per class. */
  pool: number[];
  /** Context vectors per prompt. */
  tokens: number;
  /** The phrase's token ids when the context starts from a phrase, else null. */
  phrase_ids: number[] | null;
}

export interface TorchMethodSpec {
  coop_prompts: TorchCoopPrompts | null;
  /** Named starting values (shape and row-major numbers) of the method's new parameters. */
  init: Record<string, { shape: number[]; data: number[] }> | null;
}

/** `classNames`: the names the prompts use, in label order. */
export function torchMethodSpec(cfg: TrainConfig, tokenizer: ClipTokenizer, classNames: string[], contextLength: number, init?: InitValues): TorchMethodSpec {
  let coop: TorchCoopPrompts | null = null;
  if (cfg.method === 'coop') {
    const lay = layoutPrompts(tokenizer, classNames, methodOptions(cfg).coop, contextLength);
    coop = { start_id: tokenizer.startId, suffix_ids: lay.suffix, pool: lay.pool, tokens: lay.M, phrase_ids: lay.phraseIds };
  }
  const values = init ? Object.fromEntries(Object.entries(init).map(([k, v]) => [k, { shape: v.shape, data: Array.from(v.data) }])) : null;
  return { coop_prompts: coop, init: values };
}
