// Peak tensor memory of one training step, and where its time goes per kernel: the step runs inside
// tf.profile, whose kernel log (bytes held after each kernel, kernel time) is cut at the step's bounds.
import * as tf from '@tensorflow/tfjs-core';
import type { ClipModel } from '../../src/model/clip';
import { runSteps } from './train-step';

export interface KernelTotal {
  /** Kernel name, or kernel name + input shapes for the by-shape table. */
  key: string;
  ms: number;
  count: number;
}

export interface StepProfile {
  scope: string;
  batch: number;
  microBatch: number;
  /** tf.memory().numBytes before the step (model, optimizer state, caches on device). */
  baseBytes: number;
  /** Highest tf.memory().numBytes after any kernel of the step. */
  peakBytes: number;
  /** Wall time of the profiled step (profiling adds a timer per kernel). */
  stepMs: number;
  /** Sum of kernel times: the rest of stepMs is JavaScript between kernels. */
  kernelMs: number;
  kernels: number;
  byKernel: KernelTotal[];
  byShape: KernelTotal[];
}

function totals(list: { key: string; ms: number }[], top: number): KernelTotal[] {
  const m = new Map<string, KernelTotal>();
  for (const { key, ms } of list) {
    const t = m.get(key) ?? { key, ms: 0, count: 0 };
    t.ms += ms;
    t.count += 1;
    m.set(key, t);
  }
  return [...m.values()].sort((a, b) => b.ms - a.ms).slice(0, top).map((t) => ({ ...t, ms: Math.round(t.ms * 10) / 10 }));
}

/**
 * Profiles step `at` of a `scope` run at `batch`/`microBatch` (steps before it warm up). The optimizer state
 * exists from step 0, so step 0 already shows the peak: full-encoder runs profile it, as WASM may not survive two.
 */
export async function profileStep(clip: ClipModel, scope: string, batch: number, microBatch: number, at = 1): Promise<StepProfile> {
  const engine = tf.engine();
  let from = 0;
  let to = 0;
  let baseBytes = 0;
  let stepMs = 0;
  const info = await tf.profile(async () => {
    const run = await runSteps(clip, { scope, batch, microBatch, warmup: at, iters: 1, capMs: Infinity }, {
      begin: (s) => {
        if (s !== at) return;
        from = engine.state.activeProfile.kernels.length;
        baseBytes = engine.state.numBytes;
      },
      end: (s) => {
        if (s === at) to = engine.state.activeProfile.kernels.length;
      },
    });
    stepMs = run.times[0] ?? NaN;
    return [];
  });
  const ks = info.kernels.slice(from, to);
  // 'forward' is the wrapper customGrad records around its inner kernels, which are logged themselves.
  const timed = ks.filter((k) => k.name !== 'forward').map((k) => ({ name: k.name, ms: typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0, shapes: k.inputShapes }));
  return {
    scope,
    batch,
    microBatch,
    baseBytes,
    peakBytes: Math.max(baseBytes, ...ks.map((k) => k.totalBytesSnapshot)),
    stepMs,
    kernelMs: Math.round(timed.reduce((a, k) => a + k.ms, 0)),
    kernels: ks.length,
    byKernel: totals(timed.map((k) => ({ key: k.name, ms: k.ms })), 25),
    byShape: totals(timed.map((k) => ({ key: `${k.name} ${JSON.stringify(k.shapes)}`, ms: k.ms })), 25),
  };
}
