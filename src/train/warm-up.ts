// WebGPU compiles a pipeline the first time each of its programs runs, which would land in the run's first
// step (and in its timing): the warm-up runs that step's gradient pass, read-back and optimizer update once
// on the first batch with every result discarded, so that the first step compiles nothing. Other backends
// have no pipelines to build, and skip it.
import * as tf from '@tensorflow/tfjs-core';
import { placeOnGpu, webGpuBackend } from '../backend/webgpu/dispatch';
import type { FineTuneModel } from './finetune-model';
import type { TrainerEvents } from './trainer-types';

export interface WarmUpParts {
  model: FineTuneModel;
  optimizer: { warmUp(grads: Record<string, tf.Tensor>): void };
  /** False where nothing trains (nothing to compile). */
  trains: boolean;
  progress?: TrainerEvents['progress'];
  /** The step's gradients of `batch` and each pass's kept loss parts (trainer.ts). */
  gradients(batch: number[]): Promise<{ grads: Record<string, tf.Tensor>; kept: tf.Tensor[] }>;
}

export async function warmUp(p: WarmUpParts, batch: number[]): Promise<void> {
  const gpu = webGpuBackend();
  if (!gpu || batch.length === 0 || !p.trains) return;
  p.progress?.({ phase: 'warming up', done: 0, total: 1, imagesPerSec: 0, etaSec: 0 });
  placeOnGpu(gpu, Object.values(p.model.vars));
  const { grads, kept } = await p.gradients(batch);
  const flat = tf.concat(kept);
  await flat.data();
  tf.dispose([flat, ...kept]);
  p.optimizer.warmUp(grads);
  tf.dispose(Object.values(grads));
  p.progress?.({ phase: 'warming up', done: 1, total: 1, imagesPerSec: 0, etaSec: 0 });
}
