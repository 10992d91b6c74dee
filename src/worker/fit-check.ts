// Refuses, before any work, a training run that cannot fit the backend's memory, and says what would.
import type { ClipConfig } from '../model/config';
import type { TrainConfig } from '../protocol/train-types';
import { estimateTrainingBytes, largestMicroBatch, WASM_HEAP_BUDGET } from '../train/memory-estimate';
import { resolveRun } from '../train/run-config';

/** On WASM (a 4 GB heap), refuses a run that cannot fit, saying what would. */
export function checkFitsBackend(cfg: ClipConfig, config: TrainConfig, backend: string | undefined, classes: number): void {
  const { scope, trains } = resolveRun(config);
  if (!trains || backend !== 'wasm') return;
  const need = estimateTrainingBytes(cfg, scope, config.microBatch, classes, config.microBatch < config.batchSize);
  if (need <= WASM_HEAP_BUDGET) return;
  const fits = largestMicroBatch(cfg, scope, WASM_HEAP_BUDGET, classes, config.batchSize);
  const gb = (n: number) => `${(n / 1e9).toFixed(1)} GB`;
  const advice = fits > 0 ? `a micro-batch of ${fits} or less fits (gradients still accumulate to the batch size)` : 'even one image per pass does not fit';
  throw new Error(`training scope ${config.scope} at micro-batch ${config.microBatch} needs about ${gb(need)}, more than the WASM backend can hold (4 GB): ${advice}; or train fewer blocks (last-K), or use a WebGPU GPU.`);
}

