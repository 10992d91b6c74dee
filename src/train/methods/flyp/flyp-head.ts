// FLYP, "Finetune like you pretrain" (Goyal et al., CVPR 2023): both towers fine-tuned with CLIP's
// contrastive loss between each image and its class prompt, evaluated with the zero-shot head of the
// fine-tuned text tower. Follows locuslab/FLYP (commit 215d5bb): `src/models/flyp_loss.py` (the loop:
// CLIP.forward on images and their captions, ClipLoss, one AdamW over every parameter with PyTorch's
// betas and decay on all of them; lr 1e-5, wd 0.1, 10 epochs on ImageNet), `clip/loss.py` (the loss,
// clip-loss.ts here) and `src/models/zeroshot.py` (get_zeroshot_classifier: prompts through the
// fine-tuned text tower, normalised, averaged over templates, times the fine-tuned exp(logit_scale)).
// The image side trains through the fine-tune model's scope; this head holds the text tower's trained
// part (the same scope: trainedTextParams) and the logit scale, and gives the class logits the evaluation
// reads. Each image's caption is its class's prompt filled with the template it is paired with: with one
// template (the default) that prompt, as FLYP's csv pairs them; with several, the trainer pairs each image
// with each template in turn (caption-pairs.ts), and the loss scores every image of the batch against
// every batch caption, (class, template) by (class, template).
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
  readonly couplesBatch = true;
  readonly captionTemplates: number;
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
    this.captionTemplates = templates.length;
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

  /** Every prompt's features [P,E] through the current text tower, class-major (prompt c*K + k). */
  private promptFeatures(): tf.Tensor2D {
    const p = { ...this.clip.params, ...this.vars };
    const x = this.frozenTokens ?? tf.reshape(tokenRows(this.vars['t.tok'], this.lookup), this.shape); // [P, L, D]
    return encodeTextEmbeddings(p, this.clip.config, x, this.pool) as tf.Tensor2D; // [P, E]
  }

  /** The class features [C,E] of the prompts' features [P,E] (templates averaged as CLIP does). */
  private classOf(text: tf.Tensor2D): tf.Tensor2D {
    const K = this.templates.length;
    if (K === 1) return text;
    const per = tf.reshape(l2normalize(text), [this.classNames.length, K, text.shape[1]]); // [C, K, E]
    return l2normalize(tf.mean(per, 1)) as tf.Tensor2D; // [C, E]
  }

  /** The class prompts' features [C,E] through the current text tower. */
  classFeatures(): tf.Tensor2D {
    return this.classOf(this.promptFeatures());
  }

  logits(features: tf.Tensor): tf.Tensor2D {
    return this.scaled(features, this.classFeatures());
  }

  /** exp(s) * cosine of image features [B,E] against text features [T,E]: [B,T]. */
  private scaled(features: tf.Tensor, text: tf.Tensor2D): tf.Tensor2D {
    return tf.mul(tf.exp(this.vars[FLYP_SCALE]), tf.matMul(l2normalize(features), l2normalize(text), false, true)) as tf.Tensor2D;
  }

  /**
   * The class logits [B,C] and the contrastive loss [B] of images paired with captions: image i's caption is
   * prompt labels[i]*K + templates[i] (template 0 where none is given), one pass of the text tower for both.
   */
  trainingLogits(features: tf.Tensor, labels: tf.Tensor, templates?: readonly number[]): { logits: tf.Tensor2D; task: tf.Tensor1D } {
    const K = this.templates.length;
    const text = this.promptFeatures(); // [P, E]
    const logits = this.scaled(features, this.classOf(text)); // [B, C]
    if (K === 1) return { logits, task: contrastiveLoss(logits, labels) };
    const B = features.shape[0] as number;
    if (templates && templates.length !== B) throw new Error(`FLYP: ${templates.length} caption templates for a batch of ${B} images`);
    const captions = tf.add(tf.mul(tf.cast(labels, 'int32'), K), tf.tensor1d(templates ? [...templates] : Array(B).fill(0), 'int32')); // [B]
    return { logits, task: contrastiveLoss(this.scaled(features, text), captions) }; // over the P prompts
  }

  classWeights(): { W: tf.Tensor2D; scale: tf.Scalar } {
    return { W: tf.tidy(() => this.classFeatures()), scale: tf.clone(this.vars[FLYP_SCALE]) as tf.Scalar };
  }

  dispose(): void {
    if (this.frozenTokens) this.frozenTokens.dispose();
  }
}
