// What a trainer's caller sees: its events, its control between steps, its options, its result, and the
// error of a run whose loss stopped being finite.
import type { EvalResult, SampleArrays, StepPoint } from '../protocol/train-types';
import type { ClipTokenizer } from '../tokenizer/clip-tokenizer';
import type { TrainerCheckpoint } from './checkpoint';
import type { FineTuneModel } from './finetune-model';
import type { InitValues, SearchChoice } from './methods/student-head';
import type { ResolvedRun } from './run-config';

export type Phase = string; // 'caching' | 'training' | 'evaluating <split>'

export interface TrainerEvents {
  progress?(p: { phase: Phase; done: number; total: number; imagesPerSec: number; etaSec: number }): void;
  step?(point: StepPoint, samples: SampleArrays): void;
  eval?(result: EvalResult): void;
  checkpoint?(ckpt: TrainerCheckpoint, best: boolean): void;
}

/** Read between steps: pause waits, stop ends the run after the current step. */
export interface TrainerControl {
  isStopped(): boolean;
  waitWhilePaused(): Promise<void>;
}

export class NonFiniteLossError extends Error {
  constructor(readonly step: number, readonly checkpoint: TrainerCheckpoint | null) {
    super(`the loss became ${'non-finite'} (NaN or infinite) at step ${step}; training stopped. The last good checkpoint${checkpoint ? ` (step ${checkpoint.step})` : ''} is kept. Try a lower learning rate.`);
    this.name = 'NonFiniteLossError';
  }
}

export interface TrainerOptions {
  /** Reuse frozen computations across epochs (default true); false recomputes them every step. */
  useCaches?: boolean;
  /** For methods that build prompts (CoOp). */
  tokenizer?: ClipTokenizer;
  /** Named initial values of a method's new parameters (CoOp's ctx, adapter weights). */
  init?: InitValues;
  /** The prompt templates behind the class embeddings (FLYP runs the text tower on them). */
  templates?: string[];
  /** Evaluate every split after training (default true); LP-FT's probe phase skips it. */
  finalEval?: boolean;
  /** The config already resolved (by the run job); else the trainer resolves it. */
  run?: ResolvedRun;
}

export interface RunResult {
  steps: number;
  stopped: boolean;
  best: TrainerCheckpoint | null;
  final: EvalResult | null;
  /** Student logits [C] per sample from the final evaluation (every split). */
  logits: Map<number, Float32Array>;
  /** The trained model (owned by the caller: dispose it). */
  model: FineTuneModel;
  /** What a head's validation search chose (Tip-Adapter's beta and alpha), when it ran. */
  searched: SearchChoice | null;
}
