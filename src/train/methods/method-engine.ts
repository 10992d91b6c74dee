// A method's engine part, beside its descriptor (protocol/methods/<name>.ts): the run settings it derives
// from the config, the student head it puts after the image encoder (none: the cosine head), and a phase it
// runs before training (LP-FT's probe). Each method's folder exports one; registry.ts lists them.
import type * as tf from '@tensorflow/tfjs-core';
import type { ClipModel } from '../../model/clip';
import type { MethodInfo } from '../../protocol/methods/method-info';
import type { MethodOptions, TrainConfig } from '../../protocol/train-config';
import type { ClipTokenizer } from '../../tokenizer/clip-tokenizer';
import type { ResolvedRun, RunShapes } from '../run-config';
import type { InitValues, StudentHead } from './student-head';

export interface HeadContext {
  clip: ClipModel;
  /** The zero-shot class embeddings W0 [C,E]. */
  classEmbeds: tf.Tensor2D;
  classNames: string[];
  /** Needed by methods that build prompts (CoOp, FLYP): the descriptor's needs.tokenizer. */
  tokenizer?: ClipTokenizer;
  /** Named initial values for the new parameters (else drawn from the run's seed). */
  init?: InitValues;
  /** The prompt templates behind classEmbeds (methods that run the text tower on them: FLYP). */
  templates?: string[];
}

/** A head context whose tokenizer is there (the descriptor's needs.tokenizer is checked before the factory runs). */
export type HeadContextWithTokenizer = HeadContext & { tokenizer: ClipTokenizer };

export interface MethodEngine {
  readonly info: MethodInfo;
  /** The run's loss, scope and learning rates, from the shapes run-config.ts offers. */
  run(cfg: TrainConfig, shapes: RunShapes): ResolvedRun;
  /** The student head in place of the cosine head; absent for methods that train the cosine head. */
  head?(cfg: TrainConfig, ctx: HeadContextWithTokenizer, options: MethodOptions): StudentHead;
  /**
   * A phase trained before this run's own steps (LP-FT's probe): its config. The phase's trained cosine head
   * starts this run, and this run's steps count on from the phase's.
   */
  firstPhase?(cfg: TrainConfig, run: ResolvedRun): TrainConfig;
}
