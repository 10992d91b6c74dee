// What the worker's runs need from the engine session: the loaded model, the dataset as the trainer sees
// it, the prompts and the event channel. The session provides it; runs.ts depends on this shape only.
import type { ClipBundle } from '../hub/model-bundle';
import type { BackendReport, PromptSet, WorkerEvent } from '../protocol/messages';
import type { ImageTrainData } from '../train/image-train-data';
import type { SampleMeta } from '../train/train-data';

export type Emit = (event: WorkerEvent, transfer?: Transferable[]) => void;

export interface RunHost {
  readonly emit: Emit;
  readonly backend: BackendReport | null;
  readonly prompts: PromptSet;
  requireBundle(): ClipBundle;
  /** The dataset's samples with their own splits (a run carves its validation split from them). */
  datasetSamples(): SampleMeta[];
  imageData(samples: SampleMeta[]): ImageTrainData;
  /** Zero-shot logits [n, C] of the given samples with the prompts (host array). */
  zeroShotLogits(ids: number[], prompts?: PromptSet): Promise<Float32Array>;
  /** Pretrained image features for every sample (computed once per model and dataset). */
  pretrainedFeatures(): Promise<Map<number, Float32Array>>;
}
