// webgpu-programs-per-step and webgpu-host-ms-per-step: what one full-encoder ProReg step at batch 8 asks of
// the GPU, counted on the active WebGPU backend. Every compute dispatch is counted where it is encoded
// (GPUComputePassEncoder.dispatchWorkgroups, so tfjs's programs and the studio's own kernels alike), with
// the pipelines compiled and the read-backs awaited during the step. Host time is the step's wall time
// minus the time spent waiting for read-backs: the JavaScript work of building and submitting the step.
// The count does not depend on values or on the adapter's speed, so a software adapter (SwiftShader) gives
// the same figure as a real GPU, but it runs ViT-B/32 at ~0.5 GFLOP/s (a step with 2 blocks, its caching
// pass and evaluations took over 10 minutes here). So the step is measured on ViT-B/32's geometry (width
// 768, 12 heads, MLP 3072, patch 32) with a 64 px image (5 tokens instead of 50: no kernel's program
// count depends on the token count) at 1 and 2 vision blocks, and extrapolated to 12 exactly: every block
// but the last (which runs for the class token alone) issues the same programs.
import * as tf from '@tensorflow/tfjs-core';
import type { ClipConfig } from '../../src/model/config';
import { round, row, type Row } from '../rows';
import { ADAMW_KERNEL, packChunks } from '../../src/backend/webgpu/adamw-all';
import { visionSpec } from '../../src/model/params';
import { BENCH_CLASSES, BENCH_VIT_B32, randomClip } from './geometry';
import { runSteps } from './train-step';

export const PROGRAMS_METRIC = 'webgpu-programs-per-step';
export const HOST_METRIC = 'webgpu-host-ms-per-step';

interface StepCount {
  layers: number;
  byProgram: Record<string, number>;
  programs: number;
  /** Pipelines built during the counted step, and during the run's first step (the same step on a fresh
   * pipeline cache: the warm-up before it should have built them all). */
  compiles: number;
  compilesFirstStep: number;
  reads: number;
  wallMs: number;
  hostMs: number;
}

/** 64 px at patch 32: 4 patches and the class token. */
export const COUNT_IMAGE_SIZE = 64;

type Method = (...args: unknown[]) => unknown;

/** Replaces obj[name] by a wrapper; returns the undo. */
function wrap(obj: Record<string, unknown>, name: string, around: (orig: Method) => Method): () => void {
  const orig = obj[name] as Method;
  obj[name] = around(orig);
  return () => {
    obj[name] = orig;
  };
}

/** Counts one step (the second) of `cfg`, and the pipelines built during the first. */
async function countStep(cfg: ClipConfig): Promise<StepCount> {
  let counting = false;
  let firstStep = false;
  const c = { programs: 0, compiles: 0, compilesFirstStep: 0, reads: 0, readMs: 0 };
  const gpu = globalThis as unknown as Record<string, { prototype: Record<string, unknown> } | undefined>;
  const undo: (() => void)[] = [];
  const pass = gpu.GPUComputePassEncoder?.prototype;
  const device = gpu.GPUDevice?.prototype;
  if (!pass || !device) throw new Error('this browser has no WebGPU classes to count dispatches on');
  // by pipeline label (tfjs labels a pipeline with its program's class name, the studio's kernels theirs)
  const byLabel = new Map<string, number>();
  const label = new WeakMap<object, string>();
  undo.push(wrap(pass, 'setPipeline', (orig) => function (this: object, ...a) { label.set(this, (a[0] as { label?: string }).label || '?'); return orig.apply(this, a); }));
  undo.push(wrap(pass, 'dispatchWorkgroups', (orig) => function (this: object, ...a) {
    if (counting) {
      c.programs += 1;
      const l = label.get(this) ?? '?';
      byLabel.set(l, (byLabel.get(l) ?? 0) + 1);
    }
    return orig.apply(this, a);
  }));
  for (const m of ['createComputePipeline', 'createComputePipelineAsync']) undo.push(wrap(device, m, (orig) => function (this: unknown, ...a) {
    if (counting) c.compiles += 1;
    if (firstStep) c.compilesFirstStep += 1;
    return orig.apply(this, a);
  }));
  const backend = tf.backend() as unknown as Record<string, unknown>;
  undo.push(wrap(backend, 'read', (orig) => async function (this: unknown, ...a) {
    const t0 = performance.now();
    try {
      return await (orig.apply(this, a) as Promise<unknown>);
    } finally {
      if (counting) {
        c.reads += 1;
        c.readMs += performance.now() - t0;
      }
    }
  }));
  const model = randomClip(cfg);
  let t0 = 0;
  let wallMs = 0;
  try {
    await runSteps(model, { scope: 'full', batch: 8, microBatch: 8, warmup: 1, iters: 1, capMs: 0 }, {
      begin: (step) => {
        firstStep = step === 0;
        if (step !== 1) return;
        counting = true;
        t0 = performance.now();
      },
      end: (step) => {
        firstStep = false;
        if (step !== 1) return;
        wallMs = performance.now() - t0;
        counting = false;
      },
    });
  } finally {
    undo.reverse().forEach((u) => u());
  }
  return { layers: cfg.vision.layers, byProgram: Object.fromEntries([...byLabel].sort((a, b) => b[1] - a[1])), programs: c.programs, compiles: c.compiles, compilesFirstStep: c.compilesFirstStep, reads: c.reads, wallMs, hostMs: wallMs - c.readMs };
}

/** The two rows for ViT-B/32 (12 blocks), from steps of 1 and 2 blocks. */
export async function benchWebGpuCount(backend: string, emit: (r: Row) => void, imageSize = COUNT_IMAGE_SIZE): Promise<void> {
  const L = BENCH_VIT_B32.vision.layers;
  const patch = BENCH_VIT_B32.vision.patchSize;
  if (!(imageSize >= patch && imageSize % patch === 0)) throw new Error(`the count's image size must be a multiple of the patch (${patch} px), got ${imageSize}`);
  const tokens = (imageSize / patch) ** 2 + 1;
  const at = (layers: number): ClipConfig => ({ ...BENCH_VIT_B32, vision: { ...BENCH_VIT_B32.vision, layers, imageSize } });
  const one = await countStep(at(1));
  const two = await countStep(at(2));
  const scale = (f: (s: StepCount) => number) => f(one) + (L - 1) * (f(two) - f(one));
  // AdamW over all tensors runs one program per 16 M-element chunk, which does not grow by the same count
  // with every block: its programs for 12 blocks come from the kernel's own packing of the full-scope
  // parameter table (every vision parameter and the head)
  const adamw = (s: StepCount) => s.byProgram[ADAMW_KERNEL] ?? 0;
  const adamwPrograms = adamw(two) > 0 ? packChunks([...Object.values(visionSpec(BENCH_VIT_B32)), [BENCH_CLASSES, BENCH_VIT_B32.projectionDim], [1]].map((s) => s.reduce((a, b) => a * b, 1))).length : scale(adamw);
  const common = { scope: 'full', batch: 8, microBatch: 8, image_size: imageSize, measured: [one, two].map((s) => ({ ...s, wallMs: Math.round(s.wallMs), hostMs: Math.round(s.hostMs) })) };
  const how = `ViT-B/32 geometry with random weights and a ${imageSize} px image (${tokens} tokens) at 1 and 2 vision blocks, extrapolated to ${L} (each block before the last, which runs for the class token alone, adds the same programs)`;
  emit(row(PROGRAMS_METRIC, backend, scale((s) => s.programs - adamw(s)) + adamwPrograms, 'programs', {
    adamw_programs: adamwPrograms,
    ...common,
    per_block: two.programs - adamw(two) - (one.programs - adamw(one)),
    // the 2-block run shares the first one's pipeline cache, so only the first run's figure means anything
    compiles_in_step: one.compiles,
    // the run's first step, on a pipeline cache the trainer's warm-up filled
    compiles_in_first_step: one.compilesFirstStep,
    reads_in_step: two.reads,
    note: `compute dispatches of one ProReg step (forward, backward, AdamW), the second of the run; ${how}`,
  }));
  // Host time per step varies by more than a block's worth between runs on a loaded machine (and the first
  // run compiles pipelines inside its step), so it is scaled by programs from the run without compiles.
  const perProgram = two.hostMs / two.programs;
  const programs12 = scale((s) => s.programs - adamw(s)) + adamwPrograms;
  emit(row(HOST_METRIC, backend, perProgram * programs12, 'ms', {
    ...common,
    host_ms_per_program: round(perProgram, 3),
    note: `the step's wall time minus its waits for read-backs, per program of the ${two.layers}-block step times the 12-block count; ${how}; on a software adapter the host figure includes the adapter's own queue work and is an upper bound`,
  }));
}
