// What a student method puts after the (frozen or trained) image encoder in place of the cosine head:
// CoOp's learned prompts, an adapter, a cache model. The fine-tune model asks it for logits; the trainer
// trains its variables at the head learning rate; the teacher stays the frozen zero-shot classifier.
// Letters: B batch, E embedding, C classes.
import type * as tf from '@tensorflow/tfjs-core';
import type { AdamWConfig } from '../optimizer';

export interface StudentHead {
  /** Parameters that train, by name (owned by the head). */
  readonly vars: Record<string, tf.Variable>;
  /** Image features [B,E] (projected, not normalised) -> logits [B,C]. */
  logits(features: tf.Tensor): tf.Tensor2D;
  /** Class weights [C,E] and log scale as a plain cosine head would hold them (for head.json). Caller disposes. */
  classWeights(): { W: tf.Tensor2D; scale: tf.Scalar };
  dispose(): void;
  /** AdamW settings the recipe fixes for its parameters (Tip-Adapter-F's); else the run's. */
  readonly adamw?: AdamWConfig;
  /** Parameters the recipe exempts from weight decay (every trained one, encoder too); else biases. */
  readonly noDecay?: (paramName: string) => boolean;
  /**
   * In training, the class logits [B,C] and the method's own per-sample loss [B] in place of the
   * cross-entropy (FLYP's contrastive loss), with `templates[i]` the prompt template image i is paired with.
   */
  trainingLogits?(features: tf.Tensor, labels: tf.Tensor, templates?: readonly number[]): { logits: tf.Tensor2D; task: tf.Tensor1D };
  /** Prompt templates the training pairs images with, each in turn (FLYP's captions); absent: one. */
  readonly captionTemplates?: number;
  /** The task loss compares samples across the batch (contrastive): it is taken over the whole batch even
   * where micro-batches split the image tower's passes. */
  readonly couplesBatch?: boolean;
  /** Before training: the training images' clean features [N*E] (host) and labels (Tip-Adapter's cache). */
  buildCache?(features: Float32Array, labels: readonly number[]): void;
  /** After training: tunes the head's fixed values on validation features [V,E]; returns what it chose. */
  search?(features: tf.Tensor, labels: readonly number[]): Promise<SearchChoice>;
}

/** Values a head's validation search chose, with the validation accuracy (percent) they reached. */
export type SearchChoice = Record<string, number> & { accuracy: number };

/** Named initial values for a head's new parameters (the CLI's --init FILE.json). */
export type InitValues = Record<string, { shape: number[]; data: Float32Array }>;

/** The named value, checked against the shape the head expects; null when none was given. */
export function initValue(init: InitValues | undefined, name: string, shape: number[]): Float32Array | null {
  const v = init?.[name];
  if (!v) return null;
  if (v.shape.join(',') !== shape.join(',')) throw new Error(`initial value "${name}" has shape [${v.shape}], this run needs [${shape}]`);
  if (v.data.length !== shape.reduce((a, b) => a * b, 1)) throw new Error(`initial value "${name}" has ${v.data.length} numbers for shape [${shape}]`);
  return v.data;
}
