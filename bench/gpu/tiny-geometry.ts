// A tiny CLIP geometry for smoke runs of the GPU bench on a software Vulkan driver.
import type { ClipConfig } from '../../src/model/config';

export const TINY_GEOMETRY: ClipConfig = {
  vision: { width: 64, layers: 2, heads: 2, mlpWidth: 128, activation: 'quick_gelu', layerNormEps: 1e-5, imageSize: 64, patchSize: 16 },
  text: { width: 32, layers: 1, heads: 2, mlpWidth: 64, activation: 'quick_gelu', layerNormEps: 1e-5, vocabSize: 512, contextLength: 77 },
  projectionDim: 32,
};
