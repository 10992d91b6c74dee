// A peak-memory estimate for training each scope, shown before a run so a user can pick a scope and
// micro-batch that fit, and checked before a run on WASM (whose heap stops at 4.29 GB). It predicts the WASM
// heap: the model; per trained parameter six copies (the trained values, AdamW m and v, the gradients, and
// about two more for the update's new values, transposed weights and allocator slack), plus the gradient
// accumulator when micro-batches add up to a larger batch; and the activations kept for the backward pass,
// N*(10D + 2M) + 3*H*N^2 floats per trained block and image, times 4.
// Calibrated on ViT-B/32 (full scope) in WASM, heap after three steps: micro-batch 1/2/4/8 = 2678/2792/3088/
// 3714 MB with a shrunk text tower (predicted 2659/2809/3109/3709); batch 32 in micro-batches of 4, 3503 MB
// (predicted 3418); 3925 MB at 8 with the full CLIP and an augmented teacher every step (predicted 3920).
import type { ClipConfig } from '../model/config';
import type { TextTowerUse } from '../protocol/train-config';
import { visionTokens } from '../model/config';
import { clipSpec } from '../model/params';
import { firstTrainedBlock, trainedTextParams, trainedVisionParams, type Scope } from './scope';

const F32 = 4;
const ACTIVATION_FACTOR = 4;
const TRAINED_COPIES = 6;

/** What the WASM heap can hold for a run: the wasm32 maximum is 4,295 MB; the rest is headroom. */
export const WASM_HEAP_BUDGET = 4.0e9;

/** Tokens of a typical class prompt ("a photo of a {}." with a name of a few tokens), for the text tower's activations. */
const PROMPT_TOKENS = 16;

/**
 * Predicted peak WASM heap (bytes) of training `scope` at `microBatch`; `accumulates`: microBatch < batch;
 * `text`: 'trained', the scope trains the text tower too (FLYP); 'gradient', the gradient runs back through
 * every (frozen) text block (CoOp); either over one prompt per class in every pass.
 */
export function estimateTrainingBytes(cfg: ClipConfig, scope: Scope, microBatch: number, numClasses = 10, accumulates = false, text: TextTowerUse = 'none'): number {
  const spec = clipSpec(cfg);
  const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
  const modelFloats = Object.values(spec).reduce((a, s) => a + size(s), 0);
  const textTower = text === 'trained';
  const textTrained = textTower ? trainedTextParams(cfg, scope).reduce((a, n) => a + size(spec[n]), 0) : 0;
  const trained = trainedVisionParams(cfg, scope).reduce((a, n) => a + size(spec[n]), 0) + textTrained + numClasses * cfg.projectionDim + 1;
  const v = cfg.vision;
  const N = visionTokens(v);
  const perBlock = N * (10 * v.width + 2 * v.mlpWidth) + 3 * v.heads * N * N;
  const blocks = v.layers - firstTrainedBlock(cfg, scope);
  const activations = microBatch * (blocks * perBlock * ACTIVATION_FACTOR + 3 * v.imageSize * v.imageSize);
  // Forward-only work for the frozen part and the teacher: one block's worth at a time.
  const transient = microBatch * perBlock;
  const t = cfg.text;
  const textBlocks = text === 'gradient' ? t.layers : textTower ? trainedTextParams(cfg, scope).filter((n) => n.endsWith('.ln1.g')).length : 0;
  const textActivations = numClasses * textBlocks * (PROMPT_TOKENS * (10 * t.width + 2 * t.mlpWidth) + 3 * t.heads * PROMPT_TOKENS ** 2) * ACTIVATION_FACTOR;
  return (modelFloats + (TRAINED_COPIES + (accumulates ? 1 : 0)) * trained + activations + textActivations + transient) * F32;
}

/** The estimate of each scope the studio offers, for a method that uses the text tower as `text` says. */
export function memoryByScope(cfg: ClipConfig, microBatch: number, numClasses?: number, text: TextTowerUse = 'none'): Record<string, number> {
  const scopes: [string, Scope][] = [
    ['head', { kind: 'head' }],
    ['last-1', { kind: 'last', blocks: 1 }],
    [`last-${Math.min(2, cfg.vision.layers)}`, { kind: 'last', blocks: Math.min(2, cfg.vision.layers) }],
    ['full', { kind: 'full' }],
  ];
  return Object.fromEntries(scopes.map(([k, s]) => [k, estimateTrainingBytes(cfg, s, microBatch, numClasses, false, text)]));
}
