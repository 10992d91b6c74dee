// Fits a training run to the backend's memory before any work. On WASM (a 4 GB heap) a micro-batch that
// cannot fit is lowered to the largest that does and divides the batch: gradients accumulate over more
// passes, so the step is the same. A run that does not fit even one image per pass is refused, saying why.
import type { ClipConfig } from '../model/config';
import type { TrainConfig } from '../protocol/train-types';
import { textTowerUse } from '../protocol/train-config';
import { estimateTrainingBytes, WASM_HEAP_BUDGET } from './memory-estimate';
import { resolveRun, type ResolvedRun } from './run-config';

export interface FittedRun {
  config: TrainConfig;
  /** Set when the micro-batch was lowered: what changed and why, for the user. */
  note?: string;
}

const gb = (n: number) => `${(n / 1e9).toFixed(1)} GB`;

export function fitToBackend(cfg: ClipConfig, config: TrainConfig, backend: string | undefined, classes: number, run: ResolvedRun = resolveRun(config)): FittedRun {
  const { scope, trains } = run;
  if (!trains || backend !== 'wasm') return { config };
  const text = textTowerUse(config.method);
  const need = (mb: number) => estimateTrainingBytes(cfg, scope, mb, classes, mb < config.batchSize, text);
  const asked = need(config.microBatch);
  if (asked <= WASM_HEAP_BUDGET) return { config };
  for (let mb = config.microBatch - 1; mb >= 1; mb--) {
    if (config.batchSize % mb !== 0 || need(mb) > WASM_HEAP_BUDGET) continue;
    return {
      config: { ...config, microBatch: mb },
      note: `micro-batch lowered from ${config.microBatch} to ${mb}: training scope ${config.scope} at ${config.microBatch} images per pass needs about ${gb(asked)}, more than the WASM backend can hold (4 GB). Gradients accumulate over ${config.batchSize / mb} passes, so each step is the same.`,
    };
  }
  throw new Error(`training scope ${config.scope} needs about ${gb(need(1))} even at one image per pass, more than the WASM backend can hold (4 GB): train fewer blocks (last-K or head), or use a WebGPU GPU.`);
}
