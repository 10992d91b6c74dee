// Canned engine replies for tests.
import type { DatasetSummary, ModelInfo, PromptCheck } from '../../protocol/messages';
import type { EvalResult, SplitEval } from '../../protocol/train-types';

export const MODEL_INFO: ModelInfo = {
  name: 'openai/clip-vit-base-patch32',
  parameters: { vision: 87_800_000, text: 63_400_000, total: 151_200_000 },
  geometry: { imageSize: 224, patchSize: 32, visionWidth: 768, visionLayers: 12, textWidth: 512, textLayers: 12, projectionDim: 512 },
  memoryByScope: { head: 300 * 1024 ** 2, 'last-1': 900 * 1024 ** 2, full: 3.2 * 1024 ** 3 },
  memoryByTextUse: {
    trained: { head: 420 * 1024 ** 2, 'last-1': 1.1 * 1024 ** 3, full: 3.9 * 1024 ** 3 },
    gradient: { head: 650 * 1024 ** 2, 'last-1': 1.2 * 1024 ** 3, full: 3.5 * 1024 ** 3 },
  },
  memoryMicroBatch: 16,
  backend: { name: 'wasm', reason: 'no WebGPU adapter; WASM measured fastest', measured: { wasm: 12.5, cpu: 0.8 } },
};

export const SUMMARY: DatasetSummary = {
  classes: ['climbing', 'diving'],
  samples: [
    { id: 0, path: 'train/climbing/a.jpg', label: 0, split: 'train' },
    { id: 1, path: 'train/climbing/b.jpg', label: 0, split: 'train' },
    { id: 2, path: 'train/diving/c.jpg', label: 1, split: 'train' },
    { id: 3, path: 'test/diving/d.jpg', label: 1, split: 'test' },
  ],
  rejected: [
    { path: 'train/climbing/notes.txt', reason: 'not-an-image', message: 'text file, not an image' },
    { path: 'train/diving/broken.jpg', reason: 'corrupt', message: 'JPEG ends early' },
  ],
};

export function splitEval(split: SplitEval['split'], accuracy: number): SplitEval {
  return {
    split, count: 2, accuracy, perClass: [accuracy, accuracy], perGroup: {}, worstGroup: null,
    confusion: [[1, 1], [0, 2]],
    ids: new Int32Array([0, 1, 2, 3]), predicted: new Int32Array([0, 1, 1, 1]), probTrue: new Float32Array([0.9, 0.4, 0.8, 0.7]),
  };
}

export function evalResult(step: number, accuracy: number): EvalResult {
  return { step, epoch: 0, splits: [splitEval('train', accuracy), splitEval('test', accuracy - 0.1)] };
}

export function promptCheck(templates: string[], truncatedTemplate = -1): PromptCheck {
  return {
    prompts: SUMMARY.classes.map((c) => templates.map((t, j) => ({ text: t.replace('{}', c), tokens: j === truncatedTemplate ? 77 : 7, truncated: j === truncatedTemplate }))),
    zeroShot: evalResult(0, 0.75),
  };
}
