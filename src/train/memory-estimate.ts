// A rough peak-memory estimate for training each scope, shown before a run so a user can pick a scope and
// micro-batch that fit. Counts: the model, trained copies + two AdamW moments, and activations kept for the
// backward pass of the trained blocks (per image: ~N*(10D + 2M) + 3*H*N^2 floats per block).
import type { ClipConfig } from '../model/config';
import { visionTokens } from '../model/config';
import { clipSpec } from '../model/params';
import { firstTrainedBlock, trainedVisionParams, type Scope } from './scope';

const F32 = 4;

export function estimateTrainingBytes(cfg: ClipConfig, scope: Scope, microBatch: number, numClasses = 10): number {
  const spec = clipSpec(cfg);
  const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
  const modelFloats = Object.values(spec).reduce((a, s) => a + size(s), 0);
  const trained = trainedVisionParams(cfg, scope).reduce((a, n) => a + size(spec[n]), 0) + numClasses * cfg.projectionDim + 1;
  const v = cfg.vision;
  const N = visionTokens(v);
  const perBlock = N * (10 * v.width + 2 * v.mlpWidth) + 3 * v.heads * N * N;
  const blocks = v.layers - firstTrainedBlock(cfg, scope);
  const activations = microBatch * (blocks * perBlock + 3 * v.imageSize * v.imageSize);
  // Forward-only work for the frozen part and the teacher: one block's worth at a time.
  const transient = microBatch * perBlock;
  return (modelFloats + 3 * trained + activations + transient) * F32;
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
