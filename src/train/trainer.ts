// The training loop: caches, seeded epochs of micro-batched steps with gradient accumulation, AdamW,
// evaluations with the best-validation checkpoint kept, cooperative pause/stop between steps, and a
// clean stop on a non-finite loss. Every step reads back from the device once.
import * as tf from '@tensorflow/tfjs-core';
import type { ClipModel } from '../model/clip';
import { setTransientWeights } from '../model/ops';
import { isBias } from '../model/params';
import type { EvalResult, SampleArrays, SplitName, StepPoint, TrainConfig } from '../protocol/train-types';
import { buildFrozenCache, stackRows, type FrozenCache } from './caches';
import { assignVars, readVars, type TrainerCheckpoint } from './checkpoint';
import { cleanFeatures } from './clean-features';
import { evaluateSplit } from './evaluate';
import { FineTuneModel, type StudentInput } from './finetune-model';
import { runFirstPhase } from './first-phase';
import type { StepGradContext, StepPass } from './micro-batch-grads';
import { AdamW, DEFAULT_ADAMW } from './optimizer';
import { SGD } from './sgd';
import { createStudentHead } from './methods/create-head';
import { pairedBatch } from './methods/flyp/caption-pairs';
import type { SearchChoice } from './methods/student-head';
import { makeRng, shuffled } from '../shared/rng';
import { yieldToEventLoop } from '../shared/yield';
import { firstPhaseConfig, resolveRun, runSteps, type ResolvedRun } from './run-config';
import { lrMultiplier } from './schedule';
import { readStepParts, stepRecord } from './step-record';
import type { SampleMeta, TrainData } from './train-data';
import { NonFiniteLossError, type RunResult, type TrainerControl, type TrainerEvents, type TrainerOptions } from './trainer-types';
import { stepGradients } from './step-grads';
import { warmUp } from './warm-up';

export { NonFiniteLossError, type Phase, type RunResult, type TrainerControl, type TrainerEvents, type TrainerOptions } from './trainer-types';

export class Trainer {
  readonly run: ResolvedRun;
  readonly model: FineTuneModel;
  private cache: FrozenCache | null = null;
  private readonly samples: SampleMeta[];
  private optimizer: AdamW | SGD | null = null;
  /** Steps taken before this trainer's own (LP-FT's probe): reported steps count on from them. */
  private stepOffset = 0;

  constructor(
    clip: ClipModel,
    classEmbeds: tf.Tensor2D,
    private readonly data: TrainData,
    readonly config: TrainConfig,
    private readonly events: TrainerEvents = {},
    private readonly control: TrainerControl = { isStopped: () => false, waitWhilePaused: async () => {} },
    private readonly options: TrainerOptions = {},
  ) {
    this.run = options.run ?? resolveRun(config);
    const head = createStudentHead(config, { clip, classEmbeds, classNames: data.classNames, tokenizer: options.tokenizer, init: options.init, templates: options.templates });
    this.model = new FineTuneModel(clip, classEmbeds, this.run.scope, head);
    this.samples = data.samples;
  }

  /** Without augmentation the student's frozen prefix is the same every epoch: compute it once. */
  private get cachesInputs(): boolean {
    return (this.options.useCaches ?? true) && this.config.augment === 'none' && this.run.scope.kind !== 'full';
  }

  private ids(split: SplitName): number[] {
    return this.samples.filter((s) => s.split === split).map((s) => s.id);
  }

  /** Teacher logits (and student inputs where the scope allows) for every sample, computed once. */
  async prepare(): Promise<void> {
    if (this.cache) return;
    const all = this.samples.map((s) => s.id);
    const t0 = performance.now();
    this.cache = await buildFrozenCache(this.model, this.data, all, this.config.microBatch, this.cachesInputs, (done, total) => {
      const rate = done / ((performance.now() - t0) / 1000);
      this.events.progress?.({ phase: 'caching', done, total, imagesPerSec: rate, etaSec: (total - done) / rate });
    }, () => this.control.isStopped());
    const head = this.model.head;
    if (head?.buildCache) {
      const ids = this.ids('train');
      head.buildCache(await this.cleanFeatures(ids), ids.map((id) => this.samples[this.indexOf(id)].label));
      Object.assign(this.model.vars, head.vars);
    }
  }

  /** Pretrained image features [n*E] of ids (clean views), for heads over a frozen encoder. */
  private cleanFeatures(ids: number[]): Promise<Float32Array> {
    return cleanFeatures(ids, this.config.microBatch, (chunk) => this.studentInput(chunk, null));
  }

  /** A head's validation search (Tip-Adapter's search_hp), where it has one and there is a val split. */
  private async searchHead(): Promise<SearchChoice | null> {
    const head = this.model.head;
    const val = this.ids('val');
    if (!head?.search || val.length === 0) return null;
    const features = await this.cleanFeatures(val);
    const x = tf.tensor2d(features, [val.length, features.length / val.length]);
    const chosen = await head.search(x, val.map((id) => this.samples[this.indexOf(id)].label));
    x.dispose();
    return chosen;
  }

  /** The student's input for a micro-batch, from the cache or from (possibly augmented) pixels. */
  private async studentInput(ids: number[], augmented: Float32Array | null): Promise<StudentInput> {
    const cache = this.cache!;
    const kind = this.run.scope.kind;
    if (!augmented && cache.studentInput.size > 0) {
      return { kind: kind === 'head' ? 'features' : 'hidden', x: stackRows(cache.studentInput, ids, cache.inputShape) };
    }
    const S = this.model.clip.config.vision.imageSize;
    const px = augmented ?? (await this.data.pixels(ids, { augment: false, rng: Math.random }));
    const x = tf.tensor4d(px, [ids.length, 3, S, S]);
    if (kind === 'full') return { kind: 'pixels', x };
    // Frozen prefix outside the gradient tape: no memory kept for its backward pass.
    const out = tf.tidy(() => (kind === 'head' ? this.model.pretrainedFeatures(x) : this.model.frozenPrefix(x)));
    x.dispose();
    return { kind: kind === 'head' ? 'features' : 'hidden', x: out };
  }

  private paramGroups() {
    const vars = this.model.vars;
    const headNames = new Set(this.model.headNames());
    const head = Object.fromEntries(Object.entries(vars).filter(([k]) => headNames.has(k)));
    const encoder = Object.fromEntries(Object.entries(vars).filter(([k]) => !headNames.has(k)));
    const wd = this.config.weightDecay;
    return [
      { name: 'encoder', vars: encoder, weightDecay: wd, noDecay: this.model.head?.noDecay ?? isBias },
      { name: 'head', vars: head, weightDecay: wd, noDecay: this.model.head?.noDecay ?? isBias },
    ];
  }

  async checkpoint(step: number, epoch: number, batchInEpoch: number, valAccuracy: number | null): Promise<TrainerCheckpoint> {
    return { step, epoch, batchInEpoch, vars: await readVars(this.model.vars), adam: await this.optimizer!.state(), valAccuracy };
  }

  /** Student logits for ids (clean views), in micro-batches. */
  async logitsFor(ids: number[], onBatch?: (done: number) => void): Promise<Float32Array> {
    const C = this.model.numClasses;
    const out = new Float32Array(ids.length * C);
    for (let i = 0; i < ids.length; i += this.config.microBatch) {
      const chunk = ids.slice(i, i + this.config.microBatch);
      this.data.prefetch?.(ids.slice(i + this.config.microBatch, i + 2 * this.config.microBatch));
      await yieldToEventLoop();
      const input = await this.studentInput(chunk, null);
      const logits = tf.tidy(() => this.model.studentLogits(input));
      out.set((await logits.data()) as Float32Array, i * C);
      tf.dispose([logits, input.x]);
      onBatch?.(Math.min(i + this.config.microBatch, ids.length));
    }
    return out;
  }

  /** Evaluates `splits`; `keep`, when given, receives each sample's logits. */
  async evaluate(step: number, epoch: number, splits: SplitName[], keep?: Map<number, Float32Array>): Promise<EvalResult> {
    const result: EvalResult = { step, epoch, splits: [] };
    for (const split of splits) {
      const members = this.samples.filter((s) => s.split === split);
      if (members.length === 0) continue;
      const t0 = performance.now();
      const logits = await this.logitsFor(members.map((s) => s.id), (done) => {
        const rate = done / Math.max(1e-3, (performance.now() - t0) / 1000);
        this.events.progress?.({ phase: `evaluating ${split}`, done, total: members.length, imagesPerSec: rate, etaSec: (members.length - done) / rate });
      });
      const C = this.model.numClasses;
      if (keep) members.forEach((s, i) => keep.set(s.id, logits.slice(i * C, (i + 1) * C)));
      result.splits.push(evaluateSplit(split, members, logits, C));
    }
    this.events.eval?.(result);
    return result;
  }

  /** Trains (unless zero-shot), then evaluates every split with the best-validation parameters. */
  async train(resume?: TrainerCheckpoint): Promise<RunResult> {
    // WASM: weights through transient copies, so XNNPACK's packed copies do not pile up in the 4 GB heap
    // (ops.ts). Head-only runs train no encoder weight and keep the faster cached packing.
    setTransientWeights(tf.getBackend() === 'wasm' && this.run.scope.kind !== 'head');
    try {
      return await this.trainLoop(resume);
    } finally {
      setTransientWeights(false);
    }
  }

  private async trainLoop(resume?: TrainerCheckpoint): Promise<RunResult> {
    await this.prepare();
    const cfg = this.config;
    const trainIds = this.ids('train');
    const { stepsPerEpoch, totalSteps, evalEvery, stepOffset } = runSteps(cfg, this.run, trainIds.length);
    const hasVal = this.ids('val').length > 0;
    this.optimizer = this.run.options.optimizer === 'sgd' ? new SGD(this.paramGroups()) : new AdamW(this.paramGroups(), this.model.head?.adamw ?? DEFAULT_ADAMW);
    let best: TrainerCheckpoint | null = null;
    let lastGood: TrainerCheckpoint | null = null;
    this.stepOffset = stepOffset;
    if (!resume && (await this.firstPhase()) === 'stopped') {
      return { steps: 0, stopped: true, best: null, final: null, logits: new Map(), model: this.model, searched: null };
    }
    let step = this.stepOffset;
    let stopped = false;
    if (resume) {
      assignVars(this.model.vars, resume.vars);
      this.optimizer.restore(resume.adam);
      step = resume.step;
      best = resume;
      lastGood = resume;
    }
    await warmUp({ model: this.model, optimizer: this.optimizer, trains: this.run.trains, progress: this.events.progress, gradients: (b) => this.batchGradients(b, 0) }, trainIds.slice(0, cfg.batchSize));
    const t0 = performance.now();
    let imagesDone = 0;
    // FLYP with several templates pairs each image with each template in turn (methods/flyp/caption-pairs.ts).
    const K = this.model.head?.captionTemplates ?? 1;
    for (let epoch = resume?.epoch ?? 0; epoch < cfg.epochs && this.run.trains && !stopped; epoch++) {
      const order = shuffled(trainIds, makeRng(cfg.seed * 1000003 + epoch));
      const firstBatch = resume && epoch === resume.epoch ? resume.batchInEpoch : 0;
      for (let b = firstBatch; b < stepsPerEpoch; b++) {
        await yieldToEventLoop();
        await this.control.waitWhilePaused();
        if (this.control.isStopped()) {
          stopped = true;
          break;
        }
        const paired = K > 1 ? pairedBatch(trainIds, K, cfg.batchSize, cfg.seed, step - this.stepOffset) : null;
        const batch = paired ? paired.ids : order.slice(b * cfg.batchSize, (b + 1) * cfg.batchSize);
        if (cfg.augment === 'none' && !paired) this.data.prefetch?.(order.slice((b + 1) * cfg.batchSize, (b + 2) * cfg.batchSize));
        const point = await this.step(batch, step, epoch, totalSteps, lastGood, paired?.templates);
        step += 1;
        imagesDone += batch.length;
        const rate = imagesDone / ((performance.now() - t0) / 1000);
        const done = step - this.stepOffset;
        this.events.progress?.({ phase: 'training', done, total: totalSteps, imagesPerSec: rate, etaSec: ((totalSteps - done) * cfg.batchSize) / rate });
        this.events.step?.(point.point, point.samples);
        const atEval = (b + 1) % evalEvery === 0 || b === stepsPerEpoch - 1;
        if (atEval) {
          const ev = await this.evaluate(step, epoch, ['val', 'test', 'ood']);
          const val = ev.splits.find((s) => s.split === 'val')?.accuracy ?? null;
          const nextBatch = b + 1 === stepsPerEpoch ? 0 : b + 1;
          const ckpt = await this.checkpoint(step, nextBatch === 0 ? epoch + 1 : epoch, nextBatch, val);
          const isBest = !hasVal || !best || (val ?? -1) > (best.valAccuracy ?? -1);
          if (isBest) best = ckpt;
          lastGood = ckpt;
          this.events.checkpoint?.(ckpt, isBest);
        }
      }
    }
    if (best && this.run.trains) assignVars(this.model.vars, best.vars);
    if (this.options.finalEval === false) return { steps: step, stopped, best, final: null, logits: new Map(), model: this.model, searched: null };
    const searched = stopped ? null : await this.searchHead();
    const logits = new Map<number, Float32Array>();
    const final = await this.evaluate(step, cfg.epochs, ['train', 'val', 'test', 'ood'], logits);
    return { steps: step, stopped, best, final, logits, model: this.model, searched };
  }

  /** The method's first phase, where it has one (LP-FT's probe: first-phase.ts); its own run, head only. */
  private async firstPhase(): Promise<'done' | 'stopped' | 'none'> {
    const phaseCfg = firstPhaseConfig(this.config, this.run);
    if (!phaseCfg) return 'none';
    const options = { ...this.options, run: resolveRun(phaseCfg), finalEval: false };
    const phase = new Trainer(this.model.clip, this.model.w0, this.data, phaseCfg, { step: this.events.step, progress: this.events.progress }, this.control, options);
    return runFirstPhase(phase, this.model);
  }

  /** A micro-batch's student input, teacher logits [b,C] and labels [b] (augmented views drawn from `rng`). */
  private async passInputs(ids: number[], rng: () => number): Promise<StepPass> {
    const cfg = this.config;
    const S = this.model.clip.config.vision.imageSize;
    const aug = cfg.augment === 'none' ? null : await this.data.pixels(ids, { augment: true, rng });
    const input = await this.studentInput(ids, aug);
    const teacher = aug && cfg.teacherView === 'augmented'
      ? tf.tidy(() => this.model.teacherLogitsFromFeatures(this.model.pretrainedFeatures(tf.tensor4d(aug, [ids.length, 3, S, S]))))
      : stackRows(this.cache!.teacherLogits, ids, [this.model.numClasses]);
    const labels = tf.tensor1d(ids.map((id) => this.samples[this.indexOf(id)].label), 'int32');
    return { input, teacher, labels };
  }

  /** The gradients of `batch` (with FLYP's templates, each image's caption template) by name and each pass's kept loss parts (step-grads.ts). */
  private batchGradients(batch: number[], step: number, templates?: number[]): ReturnType<typeof stepGradients> {
    const ctx: StepGradContext = { model: this.model, loss: this.run.loss, microBatch: this.config.microBatch, passInputs: (ids, r) => this.passInputs(ids, r) };
    return stepGradients(ctx, batch, makeRng((this.config.seed + 1) * 7919 + step), templates);
  }

  /** One optimisation step over `batch` (with FLYP's templates, each image's caption template), accumulated over micro-batches. */
  private async step(batch: number[], step: number, epoch: number, totalSteps: number, lastGood: TrainerCheckpoint | null, templates?: number[]): Promise<{ point: StepPoint; samples: SampleArrays }> {
    const cfg = this.config;
    const { grads, kept, chunks } = await this.batchGradients(batch, step, templates);
    const parts = await readStepParts(kept, chunks);
    if (!Number.isFinite(parts.loss)) {
      tf.dispose(Object.values(grads));
      throw new NonFiniteLossError(step, lastGood);
    }
    const mult = lrMultiplier(cfg.schedule, step - this.stepOffset, totalSteps, cfg);
    const lrs = { encoder: this.run.lrEncoder * mult, head: this.run.lrHead * mult };
    this.optimizer!.apply(grads, lrs);
    tf.dispose(Object.values(grads));
    return stepRecord(batch, step, epoch, parts, lrs);
  }

  private indexCache: Map<number, number> | null = null;
  private indexOf(id: number): number {
    if (!this.indexCache) this.indexCache = new Map(this.samples.map((s, i) => [s.id, i]));
    return this.indexCache.get(id)!;
  }

  dispose(): void {
    this.optimizer?.dispose();
  }
}
