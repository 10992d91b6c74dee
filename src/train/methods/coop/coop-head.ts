// CoOp, context optimisation (Zhou et al., IJCV 2022): M learned vectors in the prompt's token sequence,
// the text and image towers frozen, gradients through the text tower into the context.
// Follows KaiyangZhou/CoOp `trainers/coop.py` (commit ff61507): PromptLearner (a generic context, or one
// per class with CSC; random N(0, 0.02) or the token embeddings of a phrase, then one vector per word of
// it), class token at the end: [SOS] ctx "name" "." [EOS]; CustomCLIP: the checkpoint's frozen logit scale
// times the cosine of image and prompt features. The `proreg` layout follows BeierZhu/ProReg
// `vilt/modules/heads.py` (commit 102ff0b, class CoOp): [SOS] ctx "name" [EOS], 16 class-specific vectors
// drawn as randn / sqrt(D), the tail cut so the sequence keeps the context length.
// Letters: C classes, M context vectors, L prompt length, D text width, E embedding, B batch.
import * as tf from '@tensorflow/tfjs-core';
import type { ClipModel } from '../../../model/clip';
import { encodeTextEmbeddings, tokenEmbeddings } from '../../../model/text';
import { l2normalize } from '../../../model/ops';
import type { ClipTokenizer } from '../../../tokenizer/clip-tokenizer';
import type { CoopOptions } from '../../../protocol/train-types';
import { initValue, type InitValues, type StudentHead } from '../student-head';

export const COOP_CTX = 'coop.ctx';
/** The context's name in --init files. */
export const COOP_INIT = 'ctx';

type Rng = () => number;

let instances = 0;

/** Normal samples by Box-Muller from a seeded uniform generator. */
function normals(n: number, std: number, rng: Rng): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - rng())) * std;
    const a = 2 * Math.PI * rng();
    out[i] = r * Math.cos(a);
    if (i + 1 < n) out[i + 1] = r * Math.sin(a);
  }
  return out;
}

/** The frozen pieces of every class's prompt: token ids around the context and where to pool. */
export interface PromptLayout {
  /** Ids after the context, per class, padded with 0 to a common length S. */
  suffix: number[][];
  /** The end-of-text place in the full sequence [SOS, ctx, suffix] per class. */
  pool: number[];
  /** Context length M actually used (a phrase sets it). */
  M: number;
  /** Ids of the phrase's M words when the context starts from a phrase. */
  phraseIds: number[] | null;
}

export function layoutPrompts(tok: ClipTokenizer, classNames: string[], o: CoopOptions, contextLength: number): PromptLayout {
  const phrase = o.init.trim() === 'random' ? null : o.init.trim().replace(/_/g, ' ');
  if (phrase !== null && !phrase) throw new Error('CoOp: the context phrase is empty; give words such as "a photo of a" or "random"');
  if (phrase !== null && o.layout === 'proreg') throw new Error('CoOp: the proreg layout starts from random vectors only (as heads.CoOp does)');
  // A phrase gives one vector per word, as PromptLearner does (n_ctx = len(ctx_init.split(" "))).
  const M = phrase !== null ? phrase.split(' ').length : o.tokens;
  if (!Number.isInteger(M) || M < 1) throw new Error(`CoOp: the number of context tokens must be a whole number of at least 1, got ${M}`);
  const phraseIds = phrase !== null ? tok.tokenize(phrase, { contextLength }).ids.slice(1, 1 + M) : null;
  const seqs = classNames.map((name) => {
    const n = name.replace(/_/g, ' ');
    if (o.layout === 'proreg') return tok.tokenize(n, { contextLength: contextLength - M }).ids.slice(1); // name, EOS
    // CoOp tokenises "X X ... X name." and keeps what follows the context; BPE works word by word, so the
    // phrase or placeholder words do not change the suffix's ids.
    const placeholder = phrase ?? Array(M).fill('X').join(' ');
    return tok.tokenize(`${placeholder} ${n}.`, { contextLength }).ids.slice(1 + M);
  });
  const S = Math.max(...seqs.map((s) => s.length));
  if (1 + M + S > contextLength) throw new Error(`CoOp: ${M} context tokens and the longest class name do not fit the text tower's ${contextLength} tokens`);
  const pool = seqs.map((s) => 1 + M + s.indexOf(tok.endId));
  return { suffix: seqs.map((s) => [...s, ...Array(S - s.length).fill(0)]), pool, M, phraseIds };
}

export class CoopHead implements StudentHead {
  readonly vars: Record<string, tf.Variable> = {};
  private readonly prefix: tf.Tensor; // [C, 1, D] start-of-text embeddings
  private readonly suffix: tf.Tensor; // [C, S, D]
  private readonly pool: number[];
  private readonly scale: tf.Scalar;
  readonly shape: number[];

  constructor(
    private readonly clip: ClipModel,
    tok: ClipTokenizer,
    classNames: string[],
    readonly options: CoopOptions,
    rng: Rng,
    init?: InitValues,
  ) {
    const cfg = clip.config;
    const C = classNames.length;
    const D = cfg.text.width;
    const lay = layoutPrompts(tok, classNames, options, cfg.text.contextLength);
    this.pool = lay.pool;
    this.prefix = tf.keep(tokenEmbeddings(clip.params, cfg, classNames.map(() => [tok.startId])));
    this.suffix = tf.keep(tokenEmbeddings(clip.params, cfg, lay.suffix));
    this.scale = tf.keep(tf.clone(clip.params['logit_scale'])) as tf.Scalar;
    const rows = options.context === 'class' ? C : 1;
    this.shape = [rows, lay.M, D];
    const given = initValue(init, COOP_INIT, this.shape);
    const start = tf.tidy(() => {
      if (given) return tf.tensor3d(given, [rows, lay.M, D]);
      if (lay.phraseIds) return tf.tile(tokenEmbeddings(clip.params, cfg, [lay.phraseIds]), [rows, 1, 1]); // [rows, M, D]
      // nn.init.normal_(std=0.02) in CoOp; randn / sqrt(D) in ProReg's heads.CoOp.
      const std = options.layout === 'proreg' ? 1 / Math.sqrt(D) : 0.02;
      return tf.tensor3d(normals(rows * lay.M * D, std, rng), [rows, lay.M, D]);
    });
    this.vars[COOP_CTX] = tf.variable(start, true, `coop${instances++}/${COOP_CTX}`);
    start.dispose();
  }

  /** Text features of every class's prompt with the current context [C,E]. */
  classFeatures(): tf.Tensor2D {
    const ctx = this.vars[COOP_CTX];
    const C = this.prefix.shape[0];
    const full = ctx.shape[0] === C ? ctx : tf.tile(ctx, [C, 1, 1]); // [C, M, D]
    const x = tf.concat([this.prefix, full, this.suffix], 1); // [C, L, D]
    return encodeTextEmbeddings(this.clip.params, this.clip.config, x, this.pool) as tf.Tensor2D;
  }

  logits(features: tf.Tensor): tf.Tensor2D {
    const text = this.classFeatures(); // [C, E]
    return tf.mul(tf.exp(this.scale), tf.matMul(l2normalize(features), l2normalize(text), false, true)) as tf.Tensor2D; // [B, C]
  }

  classWeights(): { W: tf.Tensor2D; scale: tf.Scalar } {
    return { W: tf.tidy(() => this.classFeatures()), scale: tf.clone(this.scale) };
  }

  dispose(): void {
    tf.dispose([this.prefix, this.suffix, this.scale]);
  }
}
