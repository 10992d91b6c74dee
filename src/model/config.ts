// The CLIP geometry the model is built from. Derived from a checkpoint's config (see weights/hf-config.ts)
// and checked against its tensor shapes when weights load.

export type Activation = 'quick_gelu' | 'gelu';

export interface TowerConfig {
  /** Residual width D. */
  width: number;
  /** Number of transformer blocks. */
  layers: number;
  /** Attention heads H; D must be divisible by H. */
  heads: number;
  /** MLP hidden width M (4 * D for OpenAI CLIP). */
  mlpWidth: number;
  activation: Activation;
  layerNormEps: number;
}

export interface VisionConfig extends TowerConfig {
  /** Input side S in pixels (224 for ViT-B/32). */
  imageSize: number;
  /** Patch side P (32 or 16). */
  patchSize: number;
}

export interface TextConfig extends TowerConfig {
  vocabSize: number;
  /** Context length (77). */
  contextLength: number;
}

export interface ClipConfig {
  vision: VisionConfig;
  text: TextConfig;
  /** Joint embedding width E. */
  projectionDim: number;
}

/** Tokens per image: one class token plus (S/P)^2 patches. */
export function visionTokens(v: VisionConfig): number {
  const grid = v.imageSize / v.patchSize;
  return grid * grid + 1;
}

/** OpenAI's ViT-B/32 geometry: used by benchmarks with random weights. */
export const VIT_B32: ClipConfig = {
  vision: { width: 768, layers: 12, heads: 12, mlpWidth: 3072, activation: 'quick_gelu', layerNormEps: 1e-5, imageSize: 224, patchSize: 32 },
  text: { width: 512, layers: 12, heads: 8, mlpWidth: 2048, activation: 'quick_gelu', layerNormEps: 1e-5, vocabSize: 49408, contextLength: 77 },
  projectionDim: 512,
};
