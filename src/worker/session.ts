// The engine's state in the worker: the loaded model, the dataset, the prompts and the runs. Requests from
// the handler land here; long work reports progress through `emit`.
import * as tf from '@tensorflow/tfjs-core';
import type { RawImage } from '../data/raw-image';
import { loadClipBundle, type ClipBundle } from '../hub/model-bundle';
import type { FileSource } from '../hub/file-source';
import type { EvalResult } from '../protocol/train-types';
import type { BackendReport, DatasetFile, DatasetSummary, ModelInfo, PromptCheck, PromptSet } from '../protocol/messages';
import { evaluateSplit } from '../train/evaluate';
import { imageTrainData, type ImageTrainData } from '../train/image-train-data';
import { memoryByScope } from '../train/memory-estimate';
import type { SampleMeta } from '../train/train-data';
import { classEmbeddings, promptReports } from '../train/zero-shot';
import { DatasetState } from './dataset-state';
import type { Emit, RunHost } from './run-host';
import { RunStore } from './runs';
import type { PreprocessPool } from './preprocess-pool';
import type { PreprocessConfig } from '../data/preprocess';
import type { ViewStore } from '../train/view-store';

/** Browser storage for clean views, per project and preprocessing (absent: views stay in memory). */
export interface ViewStorage {
  open(projectId: string, preprocess: PreprocessConfig): ViewStore;
  drop(projectId: string): Promise<void>;
}

/** The micro-batch the model panel's memory figures are for (the default configuration's). */
const MEMORY_MICRO_BATCH = 16;

export type { Emit } from './run-host';

export class EngineSession implements RunHost {
  bundle: ClipBundle | null = null;
  backend: BackendReport | null = null;
  readonly dataset: DatasetState;
  prompts: PromptSet = { classNames: [], templates: ['a photo of a {}.'] };
  /** Pretrained image features [E] per sample id (the zero-shot and teacher encoder): prompts re-score fast. */
  private features = new Map<number, Float32Array>();
  /** The dataset version `features` is complete for (-1: none). */
  private featuresVersion = -1;
  /** The encoding under way, shared by every caller that asks meanwhile. */
  private encoding: { version: number; done: Promise<void> } | null = null;
  private images: ImageTrainData | null = null;
  private imagesVersion = -1;
  readonly runs: RunStore;

  /** Parallel decode + preprocess (browser workers); without it, work happens in this thread. */
  pool: PreprocessPool | null = null;
  views: ViewStorage | null = null;
  /** The open project, whose stored views training streams (set by the project manager). */
  projectId: string | null = null;

  constructor(
    readonly emit: Emit,
    decodeBytes: (bytes: Uint8Array, name: string) => Promise<RawImage>,
  ) {
    this.dataset = new DatasetState(decodeBytes);
    this.runs = new RunStore(this);
  }

  requireBundle(): ClipBundle {
    if (!this.bundle) throw new Error('no model is loaded: load a CLIP model first');
    return this.bundle;
  }

  async loadModel(source: FileSource): Promise<ModelInfo> {
    const bundle = await loadClipBundle(source, (phase, file, done, total) =>
      this.emit({ type: 'progress', progress: { phase, done, total, detail: file } }),
    );
    this.emit({ type: 'progress', progress: { phase: 'warmup', done: 0, total: 1 } });
    // Compile the kernels once before reporting ready (WebGPU builds shaders on first use).
    const S = bundle.model.config.vision.imageSize;
    tf.tidy(() => bundle.model.encodeImage(tf.zeros([1, 3, S, S])).dataSync());
    this.emit({ type: 'progress', progress: { phase: 'warmup', done: 1, total: 1 } });
    this.bundle?.model.dispose();
    this.bundle = bundle;
    // A new map: an encoding still under way with the old model fills the old one, never this.
    this.features = new Map();
    this.featuresVersion = -1;
    this.encoding = null;
    this.imagesVersion = -1;
    const c = bundle.model.config;
    return {
      name: source.label,
      parameters: bundle.model.parameterCount(),
      geometry: { imageSize: c.vision.imageSize, patchSize: c.vision.patchSize, visionWidth: c.vision.width, visionLayers: c.vision.layers, textWidth: c.text.width, textLayers: c.text.layers, projectionDim: c.projectionDim },
      memoryByScope: memoryByScope(c, MEMORY_MICRO_BATCH, Math.max(2, this.dataset.classes.length)),
      memoryByTextUse: {
        trained: memoryByScope(c, MEMORY_MICRO_BATCH, Math.max(2, this.dataset.classes.length), 'trained'),
        gradient: memoryByScope(c, MEMORY_MICRO_BATCH, Math.max(2, this.dataset.classes.length), 'gradient'),
      },
      memoryMicroBatch: MEMORY_MICRO_BATCH,
      backend: this.backend!,
    };
  }

  async importFiles(files: DatasetFile[]): Promise<DatasetSummary> {
    const summary = await this.dataset.importFiles(files, (done, total) => this.emit({ type: 'progress', progress: { phase: 'decode', done, total } }));
    if (this.prompts.classNames.length !== this.dataset.classes.length) this.prompts = { ...this.prompts, classNames: [...this.dataset.classes] };
    return summary;
  }

  /** The dataset as the trainer sees it, with its own splits (a run carves its validation split from them). */
  datasetSamples(): SampleMeta[] {
    return this.dataset.samples.map((s) => ({ id: s.id, label: s.label, split: s.split, group: s.group }));
  }

  imageData(samples: SampleMeta[]): ImageTrainData {
    const bundle = this.requireBundle();
    if (!this.images || this.imagesVersion !== this.dataset.version) {
      const pool = this.pool;
      this.images = imageTrainData({
        classNames: this.dataset.classes, samples, preprocess: bundle.preprocess, decode: (id) => this.dataset.decode(id),
        preprocessClean: pool ? async (id) => pool.run(await this.dataset.bytesOf(id), this.dataset.pathOf(id), bundle.preprocess) : undefined,
        parallel: pool?.size ?? 1,
        store: this.views && this.projectId ? this.views.open(this.projectId, bundle.preprocess) : undefined,
        onStoreFailure: (e) => this.emit({ type: 'log', level: 'warn', message: `preprocessed images cannot be kept in browser storage (${e instanceof Error ? e.message : String(e)}): they are recomputed when needed` }),
      });
      this.imagesVersion = this.dataset.version;
    }
    return { ...this.images, classNames: this.dataset.classes, samples };
  }

  /**
   * Pretrained image features for every sample (computed once per model and dataset). Complete for the
   * dataset as it is when this resolves: where the dataset changes while images are encoded (an import, a
   * clear), the new samples are encoded before it returns, and callers meanwhile share one encoding.
   */
  async pretrainedFeatures(): Promise<Map<number, Float32Array>> {
    for (;;) {
      const version = this.dataset.version;
      if (this.featuresVersion === version) return this.features;
      if (this.encoding?.version !== version) {
        const features = this.features; // a model load meanwhile replaces the map (and drops this job)
        const job = {
          version,
          done: this.encodeMissing(features).then(() => {
            if (this.features === features && this.dataset.version === version) this.featuresVersion = version;
          }),
        };
        this.encoding = job;
        void job.done.catch(() => {
          if (this.encoding === job) this.encoding = null; // the next ask tries again
        });
      }
      await this.encoding.done;
    }
  }

  /** Encodes the dataset's samples that `features` lacks, into `features`. */
  private async encodeMissing(features: Map<number, Float32Array>): Promise<void> {
    const bundle = this.requireBundle();
    const data = this.imageData(this.datasetSamples());
    // Preprocess every image first (in parallel where a pool exists), then encode in batches.
    const t1 = performance.now();
    await data.warm((done, total) => {
      const rate = done / Math.max(1e-3, (performance.now() - t1) / 1000);
      this.emit({ type: 'progress', progress: { phase: 'preprocessing', done, total, imagesPerSec: rate, etaSec: (total - done) / rate } });
    });
    const todo = data.samples.map((s) => s.id).filter((id) => !features.has(id));
    const S = bundle.model.config.vision.imageSize;
    const batch = 16;
    const t0 = performance.now();
    for (let i = 0; i < todo.length; i += batch) {
      const ids = todo.slice(i, i + batch);
      data.prefetch?.(todo.slice(i + batch, i + 2 * batch));
      const px = await data.pixels(ids, { augment: false, rng: Math.random });
      const f = tf.tidy(() => bundle.model.encodeImage(tf.tensor4d(px, [ids.length, 3, S, S])));
      const host = (await f.data()) as Float32Array;
      f.dispose();
      const E = host.length / ids.length;
      ids.forEach((id, j) => features.set(id, host.slice(j * E, (j + 1) * E)));
      const done = Math.min(i + batch, todo.length);
      const rate = done / ((performance.now() - t0) / 1000);
      this.emit({ type: 'progress', progress: { phase: 'encoding', done, total: todo.length, imagesPerSec: rate, etaSec: (todo.length - done) / rate } });
    }
  }

  /** Zero-shot logits [n, C] of the given samples with the current prompts (host array). */
  async zeroShotLogits(ids: number[], prompts: PromptSet = this.prompts): Promise<Float32Array> {
    const bundle = this.requireBundle();
    const feats = await this.pretrainedFeatures();
    const missing = ids.filter((id) => !feats.has(id)).length;
    if (missing > 0) throw new Error(`${missing} of the ${ids.length} images asked for are no longer in the dataset (removed since): import them again, or train a new run on the dataset as it is`);
    const cls = classEmbeddings(bundle.model, bundle.tokenizer, prompts.classNames, prompts.templates);
    const E = cls.shape[1];
    const rows = new Float32Array(ids.length * E);
    ids.forEach((id, j) => rows.set(feats.get(id)!, j * E));
    const img = tf.tensor2d(rows, [ids.length, E]);
    const logits = bundle.model.logits(img, cls);
    const host = (await logits.data()) as Float32Array;
    tf.dispose([img, cls, logits]);
    return host;
  }

  async checkPrompts(prompts: PromptSet): Promise<PromptCheck> {
    const bundle = this.requireBundle();
    if (prompts.classNames.length !== this.dataset.classes.length) {
      throw new Error(`${prompts.classNames.length} class names for ${this.dataset.classes.length} classes: give one display name per class`);
    }
    this.prompts = prompts;
    const reports = promptReports(bundle.tokenizer, prompts.classNames, prompts.templates, bundle.model.config.text.contextLength);
    return { prompts: reports, zeroShot: await this.zeroShotEval(prompts) };
  }

  async zeroShotEval(prompts: PromptSet = this.prompts, samples: SampleMeta[] = this.datasetSamples()): Promise<EvalResult> {
    const result: EvalResult = { step: 0, epoch: 0, splits: [] };
    if (samples.length === 0) return result;
    const logits = await this.zeroShotLogits(samples.map((s) => s.id), prompts);
    const C = prompts.classNames.length;
    for (const split of ['train', 'val', 'test', 'ood'] as const) {
      const idx = samples.map((s, i) => [s, i] as const).filter(([s]) => s.split === split);
      if (!idx.length) continue;
      const rows = new Float32Array(idx.length * C);
      idx.forEach(([, i], j) => rows.set(logits.subarray(i * C, (i + 1) * C), j * C));
      result.splits.push(evaluateSplit(split, idx.map(([s]) => s), rows, C));
    }
    return result;
  }
}
