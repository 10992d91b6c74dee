// FLYP, "Finetune like you pretrain" (Goyal et al., CVPR 2023): both towers fine-tuned with CLIP's
// contrastive loss between each image and its class prompt, evaluated with the zero-shot head of the
// fine-tuned text tower. Follows locuslab/FLYP (commit 215d5bb): `src/models/flyp_loss.py` (the loop:
// CLIP.forward on images and their captions, ClipLoss, one AdamW over every parameter with PyTorch's
// betas and decay on all of them; lr 1e-5, wd 0.1, 10 epochs on ImageNet), `clip/loss.py` (the loss,
// clip-loss.ts here) and `src/models/zeroshot.py` (get_zeroshot_classifier: prompts through the
// fine-tuned text tower, normalised, averaged over templates, times the fine-tuned exp(logit_scale)).
// The image side trains through the fine-tune model's scope; this head holds the text tower's trained
// part (the same scope: trainedTextParams) and the logit scale, and gives the class logits both the
// loss and the evaluation read. With one template (the default) each image's caption is its class's
// prompt, as FLYP's csv pairs them; with several, the caption is the class's template average (the
// zero-shot head's class feature), where FLYP's csv would pair each image with every template in turn.
// Letters: B batch, C classes, K templates, P = C*K prompts, L prompt length, D text width, E embedding.
import * as tf from '@tensorflow/tfjs-core';
import type { ClipModel } from '../../../model/clip';
import { encodeTextEmbeddings, tokenEmbeddings } from '../../../model/text';
import { l2normalize } from '../../../model/ops';
import type { ClipTokenizer } from '../../../tokenizer/clip-tokenizer';
import type { AdamWConfig } from '../../optimizer';
import { trainedTextParams, type Scope } from '../../scope';
import { fillTemplate } from '../../zero-shot';
import type { StudentHead } from '../student-head';
import { contrastiveLoss } from './clip-loss';
import { tokenLookup, tokenRows, type TokenLookup } from './token-rows';

/** The logit scale's name: it is CLIP's own parameter, fine-tuned (the export writes it back). */
export const FLYP_SCALE = 'logit_scale';

/** flyp_loss.py: torch.optim.AdamW(params, lr, weight_decay) with PyTorch's default betas and eps. */
export const FLYP_ADAMW: AdamWConfig = { beta1: 0.9, beta2: 0.999, eps: 1e-8 };

let instances = 0;

export class FlypHead implements StudentHead {
  readonly vars: Record<string, tf.Variable> = {};
  readonly adamw = FLYP_ADAMW;
  readonly noDecay = () => false;
  readonly taskLoss = contrastiveLoss;
  readonly couplesBatch = true;
  private readonly lookup: TokenLookup;
  /** Token embeddings [P,L,D] when the token table is frozen (computed once). */
  private readonly frozenTokens: tf.Tensor | null;
  private readonly pool: number[];
  private readonly shape: [number, number, number];

  constructor(
    private readonly clip: ClipModel,
    tok: ClipTokenizer,
    private readonly classNames: string[],
    private readonly templates: string[],
    scope: Scope,
  ) {
    const cfg = clip.config;
    if (templates.length === 0) throw new Error('FLYP: no prompt templates: add at least one, e.g. "a photo of a {}."');
    const ids = classNames.flatMap((c) => templates.map((t) => tok.tokenize(fillTemplate(t, c), { contextLength: cfg.text.contextLength }).ids));
    const L = Math.max(...ids.map((s) => s.length));
    this.pool = ids.map((s) => (s.indexOf(tok.endId) >= 0 ? s.indexOf(tok.endId) : s.length - 1)); // first end-of-text token
    const padded = ids.map((s) => [...s, ...Array(L - s.length).fill(0)]);
    this.shape = [ids.length, L, cfg.text.width];
    this.lookup = tokenLookup(Int32Array.from(padded.flat()));
    const tag = `flyp${instances++}`;
    for (const name of [...trainedTextParams(cfg, scope), FLYP_SCALE]) this.vars[name] = tf.variable(clip.params[name], true, `${tag}/${name}`);
    this.frozenTokens = this.vars['t.tok'] ? null : tf.tidy(() => tokenEmbeddings(clip.params, cfg, padded));
  }

  /** The class prompts' features [C,E] through the current text tower (templates averaged as CLIP does). */
  classFeatures(): tf.Tensor2D {
    const p = { ...this.clip.params, ...this.vars };
    const x = this.frozenTokens ?? tf.reshape(tokenRows(this.vars['t.tok'], this.lookup), this.shape); // [P, L, D]
    const text = encodeTextEmbeddings(p, this.clip.config, x, this.pool); // [P, E]
    const K = this.templates.length;
    if (K === 1) return text as tf.Tensor2D;
    const per = tf.reshape(l2normalize(text), [this.classNames.length, K, text.shape[1] as number]); // [C, K, E]
    return l2normalize(tf.mean(per, 1)) as tf.Tensor2D; // [C, E]
  }

  logits(features: tf.Tensor): tf.Tensor2D {
    const text = this.classFeatures(); // [C, E]
    return tf.mul(tf.exp(this.vars[FLYP_SCALE]), tf.matMul(l2normalize(features), l2normalize(text), false, true)) as tf.Tensor2D; // [B, C]
  }

  classWeights(): { W: tf.Tensor2D; scale: tf.Scalar } {
    return { W: tf.tidy(() => this.classFeatures()), scale: tf.clone(this.vars[FLYP_SCALE]) as tf.Scalar };
  }

  dispose(): void {
    if (this.frozenTokens) this.frozenTokens.dispose();
  }
}
