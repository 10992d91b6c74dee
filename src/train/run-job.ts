// One training run as the studio's worker and the CLI both run it: the settings resolved once, the run fitted
// to the backend's memory before any work, the samples split as every entry splits them, the zero-shot head
// built from the prompts, the trainer run (or resumed from a checkpoint), and the head record an export
// carries. What happens to the result (the worker's run records, the CLI's files) stays with the caller.
// Whatever else reads a run's settings (the PyTorch export, the WiSE-FT sweep) reads this job's plan, so a
// run is resolved in one place.
import type * as tf from '@tensorflow/tfjs-core';
import type { ClipModel } from '../model/clip';
import type { TrainConfig } from '../protocol/train-config';
import type { ClipTokenizer } from '../tokenizer/clip-tokenizer';
import type { TrainerCheckpoint } from './checkpoint';
import { fitToBackend } from './fit-check';
import type { InitValues } from './methods/student-head';
import { resolveRun, type ResolvedRun } from './run-config';
import { runSamples, type SampleMeta, type TrainData } from './train-data';
import { Trainer, type RunResult, type TrainerControl, type TrainerEvents } from './trainer';
import { FineTuneModel } from './finetune-model';
import { classEmbeddings } from './zero-shot';

export interface RunJobSpec {
  clip: ClipModel;
  tokenizer: ClipTokenizer;
  /** The settings asked for (already parsed by protocol/config-fields.ts). */
  config: TrainConfig;
  /** The prompts' class names and templates: the zero-shot head and the teacher. */
  classNames: string[];
  templates: string[];
  /** The backend's name: on 'wasm' the micro-batch is fitted to the heap; undefined takes the settings as they
   * are (a stored run's, fitted when it trained). */
  backend: string | undefined;
}

export interface RunJobStart {
  data: TrainData;
  events?: TrainerEvents;
  control?: TrainerControl;
  /** Continue from this checkpoint instead of starting afresh. */
  resume?: TrainerCheckpoint;
  /** Named initial values of a method's new parameters (the CLI's --init). */
  init?: InitValues;
}

export class RunJob {
  /** The settings the run trains with: the asked ones, the micro-batch fitted to the backend. */
  readonly config: TrainConfig;
  /** What the fit changed and why, for the user (undefined where nothing changed). */
  readonly note: string | undefined;
  readonly run: ResolvedRun;
  private w0: tf.Tensor2D | null = null;
  private trainer: Trainer | null = null;
  private start: FineTuneModel | null = null;

  /** Throws, saying why, where the run cannot fit the backend even at one image per pass. */
  constructor(readonly spec: RunJobSpec) {
    this.run = resolveRun(spec.config);
    const fitted = fitToBackend(spec.clip.config, spec.config, spec.backend, spec.classNames.length, this.run);
    this.config = fitted.config;
    this.note = fitted.note;
  }

  /** The samples the run trains on: a validation split carved from the seed where the data has none. */
  samples(all: SampleMeta[]): SampleMeta[] {
    return runSamples(all, this.config);
  }

  /** The zero-shot class embeddings W0 [C,E] of the prompts (owned by the job). */
  classEmbeds(): tf.Tensor2D {
    const { clip, tokenizer, classNames, templates } = this.spec;
    this.w0 ??= classEmbeddings(clip, tokenizer, classNames, templates);
    return this.w0;
  }

  /**
   * The run's model at its start: the pretrained encoder within the run's scope and the zero-shot cosine head
   * (what WiSE-FT blends the trained parameters into). Owned by the job.
   */
  startModel(): FineTuneModel {
    if (this.start) return this.start;
    this.start = new FineTuneModel(this.spec.clip, this.classEmbeds(), this.run.scope);
    return this.start;
  }

  /**
   * Trains (or resumes) and returns the result: its model lives until `dispose()`, so the caller can read
   * or export it first. Zero-shot and Tip-Adapter only evaluate.
   */
  async train(start: RunJobStart): Promise<RunResult> {
    if (this.trainer) throw new Error('internal: a run job trains once');
    const { clip, tokenizer, templates } = this.spec;
    this.trainer = new Trainer(clip, this.classEmbeds(), start.data, this.config, start.events, start.control, { tokenizer, init: start.init, run: this.run, templates });
    return this.trainer.train(start.resume);
  }

  /** Frees the trained model, the trainer's caches, the start model and the zero-shot head. */
  dispose(): void {
    this.trainer?.model.dispose();
    this.trainer?.dispose();
    this.start?.dispose();
    this.w0?.dispose();
  }
}

/** What an exported head names about its run. */
export interface HeadSource {
  classNames: string[];
  templates: string[];
  config: TrainConfig;
}

/**
 * The head an exported model carries beside the CLIP weights (head.json): the class weights W [C][E], the
 * logit scale, the prompts and the run's settings; the checkpoint's step and a method's own parameters
 * where known.
 */
export function exportedHead(r: HeadSource, W: number[][], logitScale: number, step?: number, methodParams?: Record<string, number[]>) {
  return {
    classes: r.classNames, templates: r.templates, W, logit_scale: logitScale, method: r.config.method, scope: r.config.scope,
    ...(step === undefined ? {} : { step }), config: r.config, ...(methodParams && Object.keys(methodParams).length ? { method_params: methodParams } : {}),
  };
}
