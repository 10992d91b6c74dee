// From a user's TrainConfig to what the loop runs, computed once: the loss, the scope, the learning rates per
// group, the method's options and the step counts. The config is already parsed (protocol/train-config.ts);
// each method derives its own settings from the shapes below (train/methods/<name>/method.ts).
import { parseScope, type Scope } from '../protocol/scope';
import { methodOptions, type MethodOptions, type TrainConfig } from '../protocol/train-config';
import type { LossConfig } from './losses';
import { methodEngine } from './methods/registry';

export interface ResolvedRun {
  loss: LossConfig;
  scope: Scope;
  /** False for zero-shot and Tip-Adapter: evaluate only. */
  trains: boolean;
  lrEncoder: number;
  lrHead: number;
  /** The method's options, with the recipe's values where the config has none. */
  options: MethodOptions;
  /** The scope trains the text tower as well as the image tower (FLYP). */
  textTower?: boolean;
}

/** The shapes of run a method chooses from. */
export interface RunShapes {
  /** The config's loss settings, the kind left to the method. */
  lossBase: Omit<LossConfig, 'kind'>;
  /** The student methods' loss: cross-entropy, with ProReg's term when methodOptions.proreg asks. */
  studentLoss: LossConfig;
  /** Nothing trains: evaluate only. */
  evaluateOnly: ResolvedRun;
  /** The scope's encoder trains at the encoder's rate, the head at the head's. */
  encoder(loss: LossConfig): ResolvedRun;
  /** Frozen encoder: only the head or the method's new parameters train, at the head's rate. */
  headOnly(loss: LossConfig): ResolvedRun;
}

const HEAD: Scope = { kind: 'head' };

function runShapes(cfg: TrainConfig): RunShapes {
  const options = methodOptions(cfg);
  const lossBase = { alpha: cfg.alpha, temperature: cfg.temperature, variant: cfg.variant, gamma: cfg.gamma };
  return {
    lossBase,
    studentLoss: { ...lossBase, kind: options.proreg ? 'proreg' : 'ce' },
    evaluateOnly: { loss: { ...lossBase, kind: 'ce' }, scope: HEAD, trains: false, lrEncoder: 0, lrHead: 0, options },
    encoder: (loss) => ({ loss, scope: parseScope(cfg.scope), trains: true, lrEncoder: cfg.lrEncoder, lrHead: cfg.lrHead, options }),
    headOnly: (loss) => ({ loss, scope: HEAD, trains: true, lrEncoder: 0, lrHead: cfg.lrHead, options }),
  };
}

export function resolveRun(cfg: TrainConfig): ResolvedRun {
  return methodEngine(cfg.method).run(cfg, runShapes(cfg));
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
  const first = firstPhaseConfig(cfg, run);
  return {
    stepsPerEpoch,
    totalSteps: run.trains ? stepsPerEpoch * cfg.epochs : 0,
    evalEvery: Math.max(1, Math.round(stepsPerEpoch / Math.max(1, cfg.evalsPerEpoch))),
    stepOffset: first ? stepsPerEpoch * first.epochs : 0,
  };
}

/** The config of the phase the method trains first (LP-FT's probe), or null. */
export function firstPhaseConfig(cfg: TrainConfig, run: ResolvedRun): TrainConfig | null {
  return methodEngine(cfg.method).firstPhase?.(cfg, run) ?? null;
}
