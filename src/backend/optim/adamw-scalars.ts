// The fused AdamW kernel's name, attributes and the scalars every implementation derives from them
// (torch.optim.AdamW's arithmetic: see train/optimizer.ts). Pure: no tfjs.

export const FUSED_ADAMW = 'ProRegFusedAdamW';

export interface FusedAdamWAttrs {
  beta1: number;
  beta2: number;
  eps: number;
  lr: number;
  weightDecay: number;
  /** Bias corrections 1 - beta^t. */
  bc1: number;
  bc2: number;
}

/** The update's scalars, precomputed once per tensor. */
export interface AdamWScalars {
  beta1: number;
  beta2: number;
  /** 1 - beta1, 1 - beta2 */
  c1: number;
  c2: number;
  /** 1 - lr * weightDecay */
  keep: number;
  /** lr / (1 - beta1^t) */
  stepSize: number;
  /** 1 / sqrt(1 - beta2^t) */
  invSqrtBc2: number;
  eps: number;
}

export const SCALAR_ORDER = ['beta1', 'beta2', 'c1', 'c2', 'keep', 'stepSize', 'invSqrtBc2', 'eps'] as const;

export function adamwScalars(a: FusedAdamWAttrs): AdamWScalars {
  return { beta1: a.beta1, beta2: a.beta2, c1: 1 - a.beta1, c2: 1 - a.beta2, keep: 1 - a.lr * a.weightDecay, stepSize: a.lr / a.bc1, invSqrtBc2: 1 / Math.sqrt(a.bc2), eps: a.eps };
}
