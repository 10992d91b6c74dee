// The one message contract between the UI thread and the engine worker. Types and constants only.
// Requests carry an id and get exactly one reply; the worker also pushes events (progress, steps, ...).
// Per-sample arrays travel as transferable typed arrays; errors as {name, message}.
import type { EvalResult, SampleArrays, SplitName, StepPoint, TrainConfig } from './train-types';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
/** 'auto' = capabilities + a short micro-benchmark pick the fastest. */
export type BackendChoice = BackendName | 'auto';

export interface BackendReport {
  name: BackendName;
  /** Why this backend: e.g. "WebGPU adapter is a CPU fallback (SwiftShader); WASM measured 40x faster". */
  reason: string;
  /** Per-backend micro-benchmark results in GFLOP/s, where measured. */
  measured: Partial<Record<BackendName, number>>;
  adapter?: { vendor: string; architecture: string; description: string; isFallbackAdapter: boolean };
}

export type ModelSource =
  | { kind: 'hub'; repo: string; revision?: string }
  /** Files of a local model folder, by file name (config.json, model.safetensors, vocab.json, ...). */
  | { kind: 'files'; files: Record<string, Blob>; /** The folder's name, when the browser gave it. */ name?: string }
  /** A dropped folder the engine kept in browser storage (see `ModelInfo.stored`). */
  | { kind: 'stored'; key: string };

export interface ModelInfo {
  name: string;
  parameters: { vision: number; text: number; total: number };
  geometry: { imageSize: number; patchSize: number; visionWidth: number; visionLayers: number; textWidth: number; textLayers: number; projectionDim: number };
  /** Estimated peak memory in bytes to train each scope at `memoryMicroBatch` images per pass. */
  memoryByScope: Record<string, number>;
  /** The same for methods that use the text tower (protocol/train-config.ts textTowerUse): FLYP's, CoOp's. */
  memoryByTextUse?: Record<'trained' | 'gradient', Record<string, number>>;
  memoryMicroBatch: number;
  backend: BackendReport;
  /** A local folder's model as kept in browser storage, so a reload reopens it (`{kind: 'stored', key}`). */
  stored?: { key: string; name: string; bytes: number };
  /** Why a local folder could not be kept (browser storage full): it is loaded for this visit only. */
  storeError?: string;
}

/** What a person chooses a hub model by, known before its download (see worker/model-facts.ts). */
export interface ModelFacts {
  repo: string;
  /** Set when the repository has no weights the studio reads: what it holds instead. */
  holds?: string;
  /** Bytes a load downloads: the weights plus config and tokenizer files, from the repository's listing. */
  downloadBytes: number;
  weights?: { format: string; files: string[] };
  parameters?: { vision: number; total: number };
  geometry?: { imageSize: number; patchSize: number; visionWidth: number; visionLayers: number };
  /** Estimated peak memory per training scope at one image per pass; `fits` on this backend (null: unknown). */
  memory?: { scope: string; bytes: number; fits: boolean | null }[];
  /** GFLOP of one image through the vision tower. */
  visionGflops?: number;
  /** Expected speed here: the backend's measured GFLOP/s over the model's FLOPs (null: not measured). */
  imagesPerSec?: { backend: BackendName; gflops: number; encode: number; fullStep: number } | null;
}

export interface DatasetFile {
  /** Path relative to the dropped root, e.g. "train/climbing/climbing_1.jpg". */
  path: string;
  blob: Blob;
}

export interface DatasetSample {
  id: number;
  path: string;
  label: number;
  split: SplitName;
  group?: string;
}

export interface RejectedFile {
  path: string;
  reason: 'not-an-image' | 'corrupt' | 'unsupported-format' | 'empty' | 'duplicate' | 'no-class' | 'too-large' | 'hidden' | 'unsafe-path';
  message: string;
}

export interface DatasetSummary {
  classes: string[];
  /** Every accepted image so far (earlier imports included), ids stable across imports. */
  samples: DatasetSample[];
  /** Files of this import that were refused, with the reason. */
  rejected: RejectedFile[];
  /** Accepted images that the engine took out of dropped archives (the UI has no blob of its own for them). */
  unpacked?: DatasetFile[];
}

export interface PromptSet {
  /** Display names, one per class, used in the prompts. */
  classNames: string[];
  templates: string[];
}

export interface PromptCheck {
  /** [class][template] */
  prompts: { text: string; tokens: number; truncated: boolean }[][];
  /** Zero-shot evaluation of these prompts on every split present. */
  zeroShot: EvalResult;
}

export interface SweepPoint {
  alpha: number;
  /** Accuracy per split. */
  accuracy: Partial<Record<SplitName, number>>;
  worstGroup: Partial<Record<SplitName, number>>;
}

/** A run's alpha sweep as its record keeps it. */
export interface SweepCurves {
  /** Output ensemble (1-a) z_ft + a z_zs. */
  ensemble: SweepPoint[];
  /** WiSE-FT: weights (1-a) theta_zs + a theta_ft. */
  wise: SweepPoint[];
}

export interface SweepResult {
  runId: string;
  /** Output ensemble (1-a) z_ft + a z_zs. */
  ensemble: SweepPoint[];
  /** WiSE-FT: weights (1-a) theta_zs + a theta_ft. */
  wise: SweepPoint[];
}

export interface ProjectInfo {
  id: string;
  name: string;
  updatedAt: number;
  classes: number;
}

/** A checkpoint the engine took during a run (its parameters stay in the engine). */
export interface CheckpointMark {
  step: number;
  epoch: number;
  valAccuracy: number | null;
  best: boolean;
}

/**
 * The parts of a run's record that the engine, the project database and the UI's view of it share; each is
 * absent in projects saved before the engine kept it (the UI's old save has it there).
 */
export interface RunRecordParts {
  /** The run's name on screen, given when it started. */
  label?: string;
  startedAt?: number;
  /** Every evaluation in the order it came, and every checkpoint taken. */
  evals?: EvalResult[];
  checkpoints?: CheckpointMark[];
  /** Stopped by the user before its last step. */
  stopped?: boolean;
  /** Why the run failed, in the user's words (null while it goes or once it resumes). */
  error?: string | null;
  /** The last finished output-ensemble / WiSE-FT sweep (absent until one finished). */
  sweep?: SweepCurves;
}

/** The engine's record of a run as the UI reads it when a project opens (the engine owns it). */
export interface RunInfo extends RunRecordParts {
  runId: string;
  config: TrainConfig;
  /** False for a run a reload or a failure interrupted. */
  done: boolean;
  lastStep: number | null;
  bestStep: number | null;
  final: EvalResult | null;
  /** An interrupted run with a checkpoint: `train` with `resume` continues it. */
  resumable: boolean;
  /** The engine's own record of every step's point, as saved with the run (fills what the UI's save missed). */
  history?: StepPoint[];
}

/** A saved project as the worker restores it; `ui` is whatever the UI saved with `save-ui-state`. */
export interface ProjectState {
  projectId: string;
  name: string;
  classes: string[];
  samples: DatasetSample[];
  ui: unknown;
  runs: RunInfo[];
  /** Said to the user when the engine opened something else than asked (the last project could not be read). */
  notice?: string;
}

export interface CachedModel {
  /** The hub repository, or a kept folder's storage key. */
  repo: string;
  bytes: number;
  /** Set for a dropped model folder kept in browser storage: the folder's name. */
  folder?: string;
}

export interface DatasetPresetInfo {
  id: string;
  title: string;
  description: string;
  source: string;
}

export interface ExportedFile {
  name: string;
  bytes: ArrayBuffer;
}

export type Request =
  | { type: 'init'; backend: BackendChoice }
  | { type: 'load-model'; source: ModelSource }
  /** Files dropped by the user (folders flattened to paths, loose files, zips): the worker decodes them. */
  | { type: 'import-files'; files: DatasetFile[] }
  /** Files sent ahead of an 'import-files' in slices (each message stays short); that import takes them too. */
  | { type: 'stage-files'; files: DatasetFile[] }
  /** The dataset after the user's edits (class renames/merges/deletes, labels, groups, splits). */
  | { type: 'set-dataset'; classes: string[]; samples: DatasetSample[] }
  | { type: 'set-prompts'; prompts: PromptSet }
  /** Starts a run; with `resume`, continues run `runId` from its last checkpoint (e.g. after a lost GPU). */
  | { type: 'train'; runId: string; config: TrainConfig; resume?: boolean }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'evaluate'; runId: string }
  | { type: 'sweep'; runId: string; alphas: number[] }
  | { type: 'sample-probs'; runId: string; sampleId: number }
  | { type: 'export-model'; runId: string }
  /** A run as a PyTorch project (train.py, run.json, manifest.json, ...), with the images under data/ when asked. */
  | { type: 'export-torch'; runId: string; includeImages: boolean }
  /** Opens a saved project (the most recent when no id; a new one when none is saved). */
  | { type: 'open-project'; projectId?: string }
  | { type: 'list-projects' }
  | { type: 'delete-project'; projectId: string }
  /** The UI's own state (prompts, configs, metric history), saved with the project. */
  | { type: 'save-ui-state'; ui: unknown; name?: string }
  | { type: 'export-project' }
  | { type: 'import-project'; bytes: ArrayBuffer }
  | { type: 'list-cached-models' }
  | { type: 'delete-cached-model'; repo: string; /** `repo` is a kept folder's key. */ folder?: boolean }
  | { type: 'list-presets' }
  /** A hub model's facts from its file listing and config.json (no weights downloaded). */
  | { type: 'model-facts'; repo: string; revision?: string }
  /** Downloads a public dataset (cached like models) and imports it. */
  | { type: 'load-preset'; presetId: string };

/** What each request resolves to. */
export interface ReplyMap {
  init: BackendReport;
  'load-model': ModelInfo;
  'import-files': DatasetSummary;
  /** How many files wait for the next import. */
  'stage-files': number;
  'set-dataset': { samples: number; classes: number };
  'set-prompts': PromptCheck;
  train: RunSummary;
  pause: null;
  resume: null;
  stop: null;
  evaluate: EvalResult;
  sweep: SweepResult;
  'sample-probs': { zeroShot: number[]; fineTuned: number[] | null };
  'export-model': ExportedFile[];
  'export-torch': ExportedFile[];
  'open-project': ProjectState;
  'list-projects': ProjectInfo[];
  'delete-project': null;
  'save-ui-state': null;
  'export-project': ExportedFile;
  'import-project': ProjectState;
  'list-cached-models': CachedModel[];
  'delete-cached-model': null;
  'list-presets': DatasetPresetInfo[];
  'load-preset': DatasetSummary;
  'model-facts': ModelFacts;
}

export interface RunSummary {
  runId: string;
  steps: number;
  stopped: boolean;
  final: EvalResult | null;
  bestStep: number | null;
}

export type Envelope = { id: number; request: Request };

export type Progress = {
  /** What is being worked on: 'download', 'load', 'decode', 'caching', 'training', 'evaluating', 'warmup'. */
  phase: string;
  done: number;
  total: number;
  imagesPerSec?: number;
  etaSec?: number;
  detail?: string;
};

export type WorkerEvent =
  | { type: 'progress'; runId?: string; progress: Progress }
  | { type: 'step'; runId: string; point: StepPoint; samples: SampleArrays }
  | { type: 'eval'; runId: string; result: EvalResult }
  | { type: 'checkpoint'; runId: string; step: number; epoch: number; valAccuracy: number | null; best: boolean }
  | { type: 'state'; runId: string; state: 'running' | 'paused' | 'stopping' | 'done' | 'failed' }
  | { type: 'log'; level: 'info' | 'warn'; message: string }
  /** The project's writes to browser storage failed (`ok: false`, e.g. storage full) or work again. */
  | { type: 'storage'; ok: boolean; full?: boolean; message?: string };

export type WorkerMessage =
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: { name: string; message: string } }
  | { type: 'event'; event: WorkerEvent };

export function assertNever(x: never): never {
  throw new Error(`unhandled message ${JSON.stringify(x)}`);
}
