// From a user's TrainConfig to what the loop runs, computed once: the loss, the scope, the learning rates per
// group, the method's options and the step counts. The config is already parsed (protocol/train-config.ts).
import { parseScope, type Scope } from '../protocol/scope';
import { methodOptions, type MethodOptions, type TrainConfig } from '../protocol/train-config';
import type { LossConfig } from './losses';

export interface ResolvedRun {
  loss: LossConfig;
  scope: Scope;
  /** False for zero-shot and Tip-Adapter: evaluate only. */
  trains: boolean;
  lrEncoder: number;
  lrHead: number;
  /** The method's options, with the recipe's values where the config has none. */
  options: MethodOptions;
}

const HEAD: Scope = { kind: 'head' };

export function resolveRun(cfg: TrainConfig): ResolvedRun {
  const options = methodOptions(cfg);
  const lossBase = { alpha: cfg.alpha, temperature: cfg.temperature, variant: cfg.variant, gamma: cfg.gamma };
  // The student methods add ProReg's term when asked.
  const studentLoss = { ...lossBase, kind: options.proreg ? 'proreg' : 'ce' } as const;
  const evaluateOnly = { loss: { ...lossBase, kind: 'ce' }, scope: HEAD, trains: false, lrEncoder: 0, lrHead: 0, options } as const;
  const encoder = (loss: LossConfig): ResolvedRun => ({ loss, scope: parseScope(cfg.scope), trains: true, lrEncoder: cfg.lrEncoder, lrHead: cfg.lrHead, options });
  // Frozen encoders: only the head or the method's new parameters train, at the head's rate.
  const headOnly = (loss: LossConfig): ResolvedRun => ({ loss, scope: HEAD, trains: true, lrEncoder: 0, lrHead: cfg.lrHead, options });
  switch (cfg.method) {
    case 'zero-shot':
      return evaluateOnly;
    case 'linear-probe':
      return headOnly({ ...lossBase, kind: 'ce' });
    case 'finetune':
      return encoder({ ...lossBase, kind: 'ce' });
    case 'kd':
      return encoder({ ...lossBase, kind: 'kd' });
    case 'proreg':
      return encoder({ ...lossBase, kind: 'proreg' });
    case 'lp-ft':
      // The fine-tuning phase; the trainer runs the probe phase (a head-only run) before it.
      return encoder(studentLoss);
    case 'tip-adapter':
      // Training-free: the cache is built from the training features; only the search runs.
      return evaluateOnly;
    case 'coop':
    case 'clip-adapter':
    case 'tip-adapter-f':
      return headOnly(studentLoss);
  }
}

export interface RunSteps {
  stepsPerEpoch: number;
  /** Optimisation steps of this phase (0 where nothing trains). */
  totalSteps: number;
  /** Steps between evaluations. */
  evalEvery: number;
  /** Steps another phase takes first (LP-FT's probe): reported steps count on from them. */
  stepOffset: number;
}

/** The step counts of a run over `trainImages` training images. */
export function runSteps(cfg: TrainConfig, run: ResolvedRun, trainImages: number): RunSteps {
  const stepsPerEpoch = Math.ceil(trainImages / cfg.batchSize);
  return {
    stepsPerEpoch,
    totalSteps: run.trains ? stepsPerEpoch * cfg.epochs : 0,
    evalEvery: Math.max(1, Math.round(stepsPerEpoch / Math.max(1, cfg.evalsPerEpoch))),
    stepOffset: cfg.method === 'lp-ft' ? stepsPerEpoch * run.options.lpft.probeEpochs : 0,
  };
}

/** LP-FT's probe phase: a head-only run (ProReg with the switch on) for the probe's epochs. */
export function probeConfig(cfg: TrainConfig, run: ResolvedRun): TrainConfig {
  return { ...cfg, method: run.options.proreg ? 'proreg' : 'linear-probe', scope: 'head', epochs: run.options.lpft.probeEpochs };
}
