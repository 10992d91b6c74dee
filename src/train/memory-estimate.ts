// A peak-memory estimate for training each scope, shown before a run so a user can pick a scope and
// micro-batch that fit, and checked before a run on WASM (whose heap stops at 4 GB). Counts: the model, the
// trained copies, two AdamW moments, the step's gradients and their accumulator, and the activations tfjs
// keeps for the backward pass of the trained blocks. The activation term is N*(10D + 2M) + 3*H*N^2 floats
// per block and image times 11, calibrated on ViT-B/32 in WASM (about 35 MB per block and image measured).
import type { ClipConfig } from '../model/config';
import { visionTokens } from '../model/config';
import { clipSpec } from '../model/params';
import { firstTrainedBlock, trainedVisionParams, type Scope } from './scope';

const F32 = 4;
const ACTIVATION_FACTOR = 11;

/** What a WASM heap can hold for tensors (the wasm32 maximum is 4 GB; allocator slack takes the rest). */
export const WASM_TENSOR_BUDGET = 3.4e9;

export function estimateTrainingBytes(cfg: ClipConfig, scope: Scope, microBatch: number, numClasses = 10): number {
  const spec = clipSpec(cfg);
  const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
  const modelFloats = Object.values(spec).reduce((a, s) => a + size(s), 0);
  const trained = trainedVisionParams(cfg, scope).reduce((a, n) => a + size(spec[n]), 0) + numClasses * cfg.projectionDim + 1;
  const v = cfg.vision;
  const N = visionTokens(v);
  const perBlock = N * (10 * v.width + 2 * v.mlpWidth) + 3 * v.heads * N * N;
  const blocks = v.layers - firstTrainedBlock(cfg, scope);
  const activations = microBatch * (blocks * perBlock * ACTIVATION_FACTOR + 3 * v.imageSize * v.imageSize);
  // Forward-only work for the frozen part and the teacher: one block's worth at a time.
  const transient = microBatch * perBlock;
  return (modelFloats + 5 * trained + activations + transient) * F32;
}

export function memoryByScope(cfg: ClipConfig, microBatch: number, numClasses?: number): Record<string, number> {
  const scopes: [string, Scope][] = [
    ['head', { kind: 'head' }],
    ['last-1', { kind: 'last', blocks: 1 }],
    [`last-${Math.min(2, cfg.vision.layers)}`, { kind: 'last', blocks: Math.min(2, cfg.vision.layers) }],
    ['full', { kind: 'full' }],
  ];
  return Object.fromEntries(scopes.map(([k, s]) => [k, estimateTrainingBytes(cfg, s, microBatch, numClasses)]));
}

/** The largest micro-batch whose estimate fits `budget` bytes, or 0 when even one image does not. */
export function largestMicroBatch(cfg: ClipConfig, scope: Scope, budget: number, numClasses?: number): number {
  let best = 0;
  for (let mb = 1; mb <= 256; mb *= 2) if (estimateTrainingBytes(cfg, scope, mb, numClasses) <= budget) best = mb;
  return best;
}
