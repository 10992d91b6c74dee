// From a user's TrainConfig to what the loop runs: the loss, the scope and the learning rates per group.
import { DEFAULT_METHOD_OPTIONS, type MethodOptions, type TrainConfig } from '../protocol/train-types';
import type { LossConfig } from './losses';
import { parseScope, type Scope } from './scope';

export interface ResolvedRun {
  loss: LossConfig;
  scope: Scope;
  /** False for zero-shot: evaluate only. */
  trains: boolean;
  lrEncoder: number;
  lrHead: number;
  /** The scope trains the text tower as well as the image tower (FLYP). */
  textTower?: boolean;
}

export function resolveRun(cfg: TrainConfig): ResolvedRun {
  if (cfg.batchSize < 1 || cfg.microBatch < 1) throw new Error('batch size and micro-batch must be at least 1');
  if (cfg.batchSize % cfg.microBatch !== 0) {
    throw new Error(`batch size ${cfg.batchSize} is not a multiple of the micro-batch ${cfg.microBatch}`);
  }
  const lossBase = { alpha: cfg.alpha, temperature: cfg.temperature, variant: cfg.variant, gamma: cfg.gamma };
  switch (cfg.method) {
    case 'zero-shot':
      return { loss: { ...lossBase, kind: 'ce' }, scope: { kind: 'head' }, trains: false, lrEncoder: 0, lrHead: 0 };
    case 'linear-probe':
      return { loss: { ...lossBase, kind: 'ce' }, scope: { kind: 'head' }, trains: true, lrEncoder: 0, lrHead: cfg.lrHead };
    case 'finetune':
      return { loss: { ...lossBase, kind: 'ce' }, scope: parseScope(cfg.scope), trains: true, lrEncoder: cfg.lrEncoder, lrHead: cfg.lrHead };
    case 'kd':
      return { loss: { ...lossBase, kind: 'kd' }, scope: parseScope(cfg.scope), trains: true, lrEncoder: cfg.lrEncoder, lrHead: cfg.lrHead };
    case 'proreg':
      return { loss: { ...lossBase, kind: 'proreg' }, scope: parseScope(cfg.scope), trains: true, lrEncoder: cfg.lrEncoder, lrHead: cfg.lrHead };
    case 'flyp': {
      // Both towers within the scope; its contrastive loss comes with its head (methods/flyp).
      const kind = methodOptions(cfg).proreg ? 'proreg' : 'ce';
      return { loss: { ...lossBase, kind }, scope: parseScope(cfg.scope), trains: true, lrEncoder: cfg.lrEncoder, lrHead: cfg.lrHead, textTower: true };
    }
    case 'lp-ft': {
      // The fine-tuning phase; the trainer runs the probe phase (a head-only run) before it.
      const kind = methodOptions(cfg).proreg ? 'proreg' : 'ce';
      return { loss: { ...lossBase, kind }, scope: parseScope(cfg.scope), trains: true, lrEncoder: cfg.lrEncoder, lrHead: cfg.lrHead };
    }
    case 'tip-adapter':
      // Training-free: the cache is built from the training features; only the search runs.
      return { loss: { ...lossBase, kind: 'ce' }, scope: { kind: 'head' }, trains: false, lrEncoder: 0, lrHead: 0 };
    case 'coop':
    case 'clip-adapter':
    case 'tip-adapter-f': {
      // Frozen encoders: only the method's new parameters train, at the head's rate.
      const kind = methodOptions(cfg).proreg ? 'proreg' : 'ce';
      return { loss: { ...lossBase, kind }, scope: { kind: 'head' }, trains: true, lrEncoder: 0, lrHead: cfg.lrHead };
    }
  }
}

/** The config's method options, with the defaults for configs saved before they existed. */
export function methodOptions(cfg: TrainConfig): MethodOptions {
  const o = cfg.methodOptions;
  const d = DEFAULT_METHOD_OPTIONS;
  return { ...d, ...o, coop: { ...d.coop, ...o?.coop }, clipAdapter: { ...d.clipAdapter, ...o?.clipAdapter }, tipAdapter: { ...d.tipAdapter, ...o?.tipAdapter }, lpft: { ...d.lpft, ...o?.lpft } };
}
