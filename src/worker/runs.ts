// Training runs in the worker: start (or resume from a checkpoint), stream events, keep what comparisons
// need afterwards (final logits per sample, the best parameters), sweep WiSE-FT / ensembles, export.
import * as tf from '@tensorflow/tfjs-core';
import type { EvalResult, SplitName, StepPoint, TrainConfig } from '../protocol/train-types';
import type { ExportedFile, RunRecordParts, RunSummary, SweepPoint, SweepResult } from '../protocol/messages';
import { evaluateSplit } from '../train/evaluate';
import { HEAD_SCALE, HEAD_W } from '../train/finetune-model';
import { createStudentHead } from '../train/methods/create-head';
import { predictLogits } from '../train/predict';
import { exportedHead, RunJob } from '../train/run-job';
import { headRows } from '../train/trained-params';
import { NonFiniteLossError } from '../train/trainer';
import type { TrainerCheckpoint } from '../train/checkpoint';
import type { SampleMeta } from '../train/train-data';
import { classEmbeddings } from '../train/zero-shot';
import { exportClipFiles } from '../weights/export-clip';
import { runLabel } from '../protocol/run-label';
import { RunControl } from './run-control';
import type { RunHost } from './run-host';

/** A run as the engine owns it, the one record of it: its name and settings, samples and prompts, every step's
 * point, evaluation and checkpoint, the final evaluation and logits. The UI shows it through events and RunInfo
 * and keeps no copy; the project stores it as persist/project-db.ts's StoredRun. */
export interface EngineRun extends RunRecordParts {
  runId: string;
  config: TrainConfig;
  samples: SampleMeta[];
  classNames: string[];
  templates: string[];
  /** Student logits per sample id after the run (best checkpoint). */
  logits: Map<number, Float32Array>;
  best: TrainerCheckpoint | null;
  last: TrainerCheckpoint | null;
  final: EvalResult | null;
  /** False while running and for a run interrupted by a reload or a failure: it can resume. */
  done: boolean;
  /** Every step's point, saved with each checkpoint: a reload between two UI saves loses no step. */
  history?: StepPoint[];
}

const EVAL_SPLITS: SplitName[] = ['val', 'test', 'ood'];

export class RunStore {
  private readonly records = new Map<string, EngineRun>();
  control: RunControl | null = null;
  activeRunId: string | null = null;

  /**
   * Called whenever a run's record changes (checkpoint, completion): persistence hooks in here. A finished
   * run is reported done once its record is stored (the promise), so a reload right after loses nothing.
   */
  onChange: (r: EngineRun, done: boolean) => void | Promise<void> = () => {};

  constructor(private readonly host: RunHost) {}

  all(): EngineRun[] {
    return [...this.records.values()];
  }

  restore(records: EngineRun[]): void {
    this.records.clear();
    for (const r of records) this.records.set(r.runId, r);
  }

  get(runId: string): EngineRun {
    const r = this.records.get(runId);
    if (!r) throw new Error(`no run "${runId}" in this session`);
    return r;
  }

  /** Runs (or resumes) `runId` with the parsed settings; its record is kept for comparisons and export. */
  async train(runId: string, asked: TrainConfig, resume = false): Promise<RunSummary> {
    if (this.control) throw new Error(`run ${this.activeRunId} is still in progress: stop it first`);
    const host = this.host;
    const bundle = host.requireBundle();
    const previous = resume ? this.get(runId) : null;
    if (resume && !previous?.last) throw new Error(`run ${runId} has no checkpoint to resume from`);
    const classNames = previous?.classNames ?? [...host.prompts.classNames];
    const templates = previous?.templates ?? [...host.prompts.templates];
    // Fitted to the backend before any work (a resume fits its own settings again).
    const job = new RunJob({ clip: bundle.model, tokenizer: bundle.tokenizer, config: previous?.config ?? asked, classNames, templates, backend: host.backend?.name });
    const samples = previous?.samples ?? job.samples(host.datasetSamples());
    if (!samples.some((x) => x.split === 'train') && asked.method !== 'zero-shot') throw new Error('the dataset has no training images');
    if (job.note) host.emit({ type: 'log', level: 'info', message: `run ${runId}: ${job.note}` });
    const record: EngineRun = previous ?? {
      // Named as the studio names it on screen: the project's n-th run.
      runId, config: job.config, label: runLabel(this.records.size + 1, job.config), startedAt: Date.now(), samples, classNames, templates,
      logits: new Map(), best: null, last: null, final: null, done: false, evals: [], checkpoints: [], history: [],
    };
    // A resumed run repeats the steps, evaluations and checkpoints after its checkpoint: they come again.
    if (resume && record.last) {
      const from = record.last.step;
      record.history = record.history?.filter((p) => p.step < from);
      record.evals = record.evals?.filter((e) => e.step <= from);
      record.checkpoints = record.checkpoints?.filter((c) => c.step <= from);
    }
    record.stopped = false;
    record.error = null;
    this.records.set(runId, record);
    // Saved at once: a page closed before the first checkpoint still leaves the run's record.
    if (!previous) this.onChange(record, false);
    const control = new RunControl();
    this.control = control;
    this.activeRunId = runId;
    const emit = host.emit;
    emit({ type: 'state', runId, state: 'running' });
    try {
      const result = await job.train({
        data: host.imageData(samples),
        control,
        resume: resume ? record.last ?? undefined : undefined,
        events: {
          progress: (p) => emit({ type: 'progress', runId, progress: { phase: p.phase, done: p.done, total: p.total, imagesPerSec: p.imagesPerSec, etaSec: p.etaSec } }),
          step: (point, arrays) => {
            (record.history ??= []).push(point);
            emit({ type: 'step', runId, point, samples: arrays }, [arrays.ids.buffer, arrays.ce.buffer, arrays.kl.buffer, arrays.w.buffer, arrays.ps.buffer, arrays.pt.buffer] as ArrayBuffer[]);
          },
          eval: (result) => {
            (record.evals ??= []).push(result);
            emit({ type: 'eval', runId, result });
          },
          checkpoint: (ckpt, best) => {
            record.last = ckpt;
            if (best) record.best = ckpt;
            (record.checkpoints ??= []).push({ step: ckpt.step, epoch: ckpt.epoch, valAccuracy: ckpt.valAccuracy, best });
            void this.onChange(record, false);
            emit({ type: 'checkpoint', runId, step: ckpt.step, epoch: ckpt.epoch, valAccuracy: ckpt.valAccuracy, best });
          },
        },
      });
      // The final evaluation already ran the model over every sample: keep its logits.
      record.logits = result.logits;
      record.final = result.final;
      record.done = !result.stopped;
      record.stopped = result.stopped;
      if (result.final && !record.evals?.some((e) => e.step === result.final!.step)) (record.evals ??= []).push(result.final);
      await this.onChange(record, true);
      const total = Math.max(1, result.steps);
      emit({ type: 'progress', runId, progress: { phase: result.stopped ? 'stopped' : 'done', done: result.stopped ? result.steps : total, total } });
      emit({ type: 'state', runId, state: 'done' });
      return { runId, steps: result.steps, stopped: result.stopped, final: result.final, bestStep: result.best?.step ?? null };
    } catch (e) {
      if (e instanceof NonFiniteLossError && e.checkpoint) record.last = e.checkpoint;
      const failure = describeFailure(e, record);
      record.error = failure.message;
      void this.onChange(record, false);
      emit({ type: 'state', runId, state: 'failed' });
      throw failure;
    } finally {
      job.dispose();
      this.control = null;
      this.activeRunId = null;
    }
  }

  /** Zero-shot and fine-tuned probabilities of one sample. */
  async sampleProbs(runId: string, sampleId: number): Promise<{ zeroShot: number[]; fineTuned: number[] | null }> {
    const zs = await this.host.zeroShotLogits([sampleId]);
    const ft = this.records.get(runId)?.logits.get(sampleId) ?? null;
    return { zeroShot: softmax(zs), fineTuned: ft ? softmax(ft) : null };
  }

  /** Output ensemble and WiSE-FT over `alphas`, on the evaluation splits. */
  async sweep(runId: string, alphas: number[]): Promise<SweepResult> {
    const r = this.get(runId);
    if (!r.best) throw new Error(`run ${runId} has no trained parameters to sweep`);
    if (!(HEAD_W in r.best.vars)) throw new Error(`run ${runId} (${r.config.method}) has no fine-tuned encoder and cosine head: the ensemble and WiSE-FT sweeps apply to fine-tuning runs`);
    const evalSamples = r.samples.filter((x) => EVAL_SPLITS.includes(x.split) || x.split === 'train');
    const ids = evalSamples.map((x) => x.id);
    const C = r.classNames.length;
    const zs = await this.host.zeroShotLogits(ids, { classNames: r.classNames, templates: r.templates });
    const ft = new Float32Array(ids.length * C);
    ids.forEach((id, i) => ft.set(r.logits.get(id)!, i * C));
    const ensemble = alphas.map((a) => pointOf(a, evalSamples, ft.map((v, i) => (1 - a) * v + a * zs[i]), C));
    const wise: SweepPoint[] = [];
    const bundle = this.host.requireBundle();
    // The run's job plans the model WiSE-FT blends into (its stored settings were fitted when it trained).
    const job = new RunJob({ clip: bundle.model, tokenizer: bundle.tokenizer, config: r.config, classNames: r.classNames, templates: r.templates, backend: undefined });
    const model = job.startModel();
    const feats = await this.host.pretrainedFeatures();
    const data = this.host.imageData(r.samples);
    const pre = Object.fromEntries(await Promise.all(Object.entries(model.vars).map(async ([k, v]) => [k, (await v.data()) as Float32Array] as const)));
    const total = alphas.length * 2;
    this.host.emit({ type: 'progress', progress: { phase: 'sweep', done: alphas.length, total, detail: 'output ensemble done; blending weights (WiSE-FT)' } });
    for (const [j, a] of alphas.entries()) {
      tf.tidy(() => {
        for (const [k, v] of Object.entries(model.vars)) {
          const mixed = pre[k].map((p, i) => (1 - a) * p + a * r.best!.vars[k][i]);
          v.assign(tf.tensor(mixed, v.shape));
        }
      });
      const logits = await predictLogits(model, data, ids, r.config.microBatch, feats);
      wise.push(pointOf(a, evalSamples, logits, C));
      this.host.emit({ type: 'progress', progress: { phase: 'sweep', done: alphas.length + j + 1, total, detail: `WiSE-FT at ${a}` } });
    }
    job.dispose();
    r.sweep = { ensemble, wise };
    await this.onChange(r, false); // stored with the run before the UI hears of it
    return { runId, ensemble, wise };
  }

  async exportModel(runId: string): Promise<ExportedFile[]> {
    const r = this.get(runId);
    const ckpt = r.best ?? r.last;
    if (!ckpt) throw new Error(`run ${runId} has no trained parameters to export`);
    const bundle = this.host.requireBundle();
    const params: Record<string, Float32Array> = {};
    for (const [k, t] of Object.entries(bundle.model.params)) params[k] = (await t.data()) as Float32Array;
    // Trained copies of CLIP's own parameters (image tower; FLYP's text tower and logit scale) replace them.
    for (const [k, v] of Object.entries(ckpt.vars)) if (k in params) params[k] = v;
    const { W, scale } = ckpt.vars[HEAD_W] ? { W: ckpt.vars[HEAD_W], scale: ckpt.vars[HEAD_SCALE][0] } : await this.methodHead(r, ckpt.vars);
    // A method's own parameters (CoOp's context, adapter weights, Tip-Adapter's keys) travel beside W.
    const methodParams = Object.fromEntries(Object.entries(ckpt.vars).filter(([k]) => !(k in bundle.model.params) && k !== HEAD_W && k !== HEAD_SCALE).map(([k, v]) => [k, Array.from(v)]));
    const head = exportedHead(r, headRows(W, r.classNames.length), scale, ckpt.step, methodParams);
    const files = exportClipFiles(bundle.model.config, params, { ...bundle.files, head });
    return files.map((f) => ({ name: f.name, bytes: f.bytes.buffer.slice(f.bytes.byteOffset, f.bytes.byteOffset + f.bytes.byteLength) as ArrayBuffer }));
  }

  /** The cosine head a method's checkpoint amounts to (CoOp: its learned prompts' text features). */
  private async methodHead(r: EngineRun, vars: Record<string, Float32Array>): Promise<{ W: Float32Array; scale: number }> {
    const bundle = this.host.requireBundle();
    const w0 = classEmbeddings(bundle.model, bundle.tokenizer, r.classNames, r.templates);
    const head = createStudentHead(r.config, { clip: bundle.model, classEmbeds: w0, classNames: r.classNames, tokenizer: bundle.tokenizer, templates: r.templates });
    try {
      if (!head) throw new Error(`run ${r.runId}: its checkpoint has no head`);
      tf.tidy(() => {
        for (const [k, v] of Object.entries(head.vars)) if (vars[k]) v.assign(tf.tensor(vars[k], v.shape));
      });
      const { W, scale } = head.classWeights();
      const out = { W: (await W.data()) as Float32Array, scale: (await scale.data())[0] };
      tf.dispose([W, scale]);
      return out;
    } finally {
      if (head) {
        tf.dispose(Object.values(head.vars));
        head.dispose();
      }
      w0.dispose();
    }
  }
}

function softmax(row: Float32Array): number[] {
  const m = Math.max(...row);
  const e = Array.from(row, (v) => Math.exp(v - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}

function pointOf(alpha: number, samples: SampleMeta[], logits: Float32Array, C: number): SweepPoint {
  const point: SweepPoint = { alpha, accuracy: {}, worstGroup: {} };
  for (const split of ['train', ...EVAL_SPLITS] as SplitName[]) {
    const idx = samples.map((s, i) => [s, i] as const).filter(([s]) => s.split === split);
    if (!idx.length) continue;
    const rows = new Float32Array(idx.length * C);
    idx.forEach(([, i], j) => rows.set(logits.subarray(i * C, (i + 1) * C), j * C));
    const ev = evaluateSplit(split, idx.map(([s]) => s), rows, C);
    point.accuracy[split] = ev.accuracy;
    if (ev.worstGroup) point.worstGroup[split] = ev.worstGroup.accuracy;
  }
  return point;
}

/** Turns a failed run into the message a user reads. */
function describeFailure(e: unknown, r: EngineRun): Error {
  const msg = e instanceof Error ? e.message : String(e);
  if (/device (was )?lost|GPUDevice|DEVICE_LOST|context lost/i.test(msg)) {
    const at = r.last ? `its last checkpoint (step ${r.last.step})` : 'the start (no checkpoint was taken yet)';
    const err = new Error(`the GPU device was lost during training (${msg}). Switch the backend (e.g. to WASM) and resume: the run continues from ${at}.`);
    err.name = 'DeviceLostError';
    return err;
  }
  return e instanceof Error ? e : new Error(msg);
}
