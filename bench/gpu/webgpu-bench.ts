// ViT-B/32 on tfjs's WebGPU backend outside the browser (Deno's WebGPU on Vulkan): forward images/s at
// batch 1, 8, 32 and the ProReg full-encoder train step at batch 8, random weights. Bundled with esbuild
// and run where a real GPU is lent (see docs/benchmarks.md). Prints one JSON object.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
import '@tensorflow/tfjs-backend-cpu';
import { installWebGpuKernels } from '../../src/backend/webgpu/webgpu-kernels';
import { VIT_B32, type ClipConfig } from '../../src/model/config';
import { TINY_GEOMETRY } from './tiny-geometry';
import { ClipModel } from '../../src/model/clip';
import { randomParams } from '../../src/model/random-init';
import { DEFAULT_TRAIN_CONFIG } from '../../src/protocol/train-types';
import { memoryData } from '../../src/train/memory-data';
import { Trainer } from '../../src/train/trainer';
import { FineTuneModel } from '../../src/train/finetune-model';
import { lossParts } from '../../src/train/losses';
import { AdamW } from '../../src/train/optimizer';
import { isBias } from '../../src/model/params';

async function time(fn: () => Promise<void>, reps: number): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Deno is neither Node nor a browser to tfjs: give it the few platform services tfjs uses. */
function denoPlatform(): void {
  if (tf.env().platform) return;
  tf.setPlatform('deno', {
    fetch: (path: string, init?: RequestInit) => fetch(path, init),
    now: () => performance.now(),
    encode: (text: string) => new TextEncoder().encode(text),
    decode: (bytes: Uint8Array, encoding: string) => new TextDecoder(encoding).decode(bytes),
    isTypedArray: (a: unknown): a is Float32Array | Int32Array | Uint8Array | Uint8ClampedArray => ArrayBuffer.isView(a) && !(a instanceof DataView),
    setTimeoutCustom: (f: () => void, delay: number) => { setTimeout(f, delay); },
  } as unknown as Parameters<typeof tf.setPlatform>[1]);
}

/** Max relative difference of image embeddings between WebGPU and the CPU backend on one random model. */
async function crossCheck(): Promise<number> {
  const params = randomParams(TINY_GEOMETRY, 7);
  const host = Object.fromEntries(await Promise.all(Object.entries(params).map(async ([k, t]) => [k, { shape: t.shape, data: await t.data() }] as const)));
  const x = new Float32Array(4 * 3 * 64 * 64).map((_, i) => Math.sin(i));
  const run = async () => {
    const m = new ClipModel(TINY_GEOMETRY, Object.fromEntries(Object.entries(host).map(([k, v]) => [k, tf.tensor(v.data, v.shape)])));
    const px = tf.tensor4d(x, [4, 3, 64, 64]);
    const y = m.encodeImage(px);
    const out = (await y.data()) as Float32Array;
    tf.dispose([px, y]);
    m.dispose();
    return out;
  };
  const gpu = await run();
  await tf.setBackend('cpu');
  const cpu = await run();
  await tf.setBackend('webgpu');
  tf.dispose(Object.values(params));
  const scale = Math.max(...Array.from(cpu, Math.abs));
  return Math.max(...Array.from(gpu, (v, i) => Math.abs(v - cpu[i]) / scale));
}

/**
 * Where host time goes in `run`: inclusive wall ms (and calls) inside the WebGPU backend's methods, its
 * buffer manager, the device/queue calls and the engine's entry points. Nested entries overlap.
 */
async function hostProfile(run: () => Promise<void>): Promise<string[]> {
  type AnyObj = Record<string, unknown>;
  const totals = new Map<string, [number, number]>();
  const restore: (() => void)[] = [];
  const wrap = (obj: AnyObj | undefined, name: string, label: string) => {
    const orig = obj?.[name];
    if (!obj || typeof orig !== 'function') return;
    obj[name] = function (this: unknown, ...args: unknown[]) {
      const t0 = performance.now();
      try {
        return (orig as (...a: unknown[]) => unknown).apply(this, args);
      } finally {
        const e = totals.get(label) ?? [0, 0];
        e[0] += performance.now() - t0;
        e[1] += 1;
        totals.set(label, e);
      }
    };
    restore.push(() => (obj[name] = orig));
  };
  const methods = (o: object) => Object.getOwnPropertyNames(Object.getPrototypeOf(o)).filter((n) => n !== 'constructor');
  const backend = tf.backend() as unknown as AnyObj;
  for (const n of methods(backend)) wrap(backend, n, `backend.${n}`);
  for (const key of ['bufferManager', 'textureManager']) {
    const m = backend[key] as AnyObj | undefined;
    if (m) for (const n of methods(m)) wrap(m, n, `${key}.${n}`);
  }
  const device = backend.device as AnyObj;
  for (const n of ['createBuffer', 'createBindGroup', 'createCommandEncoder', 'createComputePipeline']) wrap(device, n, `device.${n}`);
  for (const n of ['submit', 'writeBuffer', 'onSubmittedWorkDone']) wrap(device.queue as AnyObj, n, `queue.${n}`);
  const engine = tf.engine() as unknown as AnyObj;
  for (const n of ['runKernel', 'runKernelFunc', 'makeTensorFromTensorInfo', 'disposeTensor', 'gradients', 'tidy', 'endScope']) wrap(engine, n, `engine.${n}`);
  const t0 = performance.now();
  await run();
  const total = performance.now() - t0;
  restore.reverse().forEach((r) => r());
  return [`total ${total.toFixed(0)}ms`, ...[...totals].sort((a, b) => b[1][0] - a[1][0]).slice(0, 30).map(([k, [ms, n]]) => `${k} ${ms.toFixed(0)}ms x${n}`)];
}

/** Median ms of the parts of one full-encoder step at batch 8: forward, forward+backward, AdamW. */
async function stepPhases(model: ClipModel, cfg: ClipConfig, w0: tf.Tensor2D, reps: number) {
  const S = cfg.vision.imageSize;
  const ft = new FineTuneModel(model, w0, { kind: 'full' });
  const x = tf.randomNormal([8, 3, S, S]);
  const teacher = tf.randomNormal([8, 6]);
  const labels = tf.tensor1d([0, 1, 2, 3, 4, 5, 0, 1], 'int32');
  const loss = { kind: 'proreg' as const, alpha: 1, temperature: 1, variant: 'official' as const, gamma: 1 };
  const vars = Object.values(ft.vars);
  const opt = new AdamW([{ name: 'all', vars: ft.vars, weightDecay: 0.01, noDecay: isBias }]);
  const out: Record<string, number | string[]> = {};
  out.forward = await time(async () => { const z = tf.tidy(() => ft.studentLogits({ kind: 'pixels', x })); await z.data(); z.dispose(); }, reps);
  out.forwardBackward = await time(async () => {
    const { value, grads } = tf.variableGrads(() => lossParts(loss, ft.studentLogits({ kind: 'pixels', x }), teacher, labels).loss, vars);
    await value.data();
    tf.dispose([value, ...Object.values(grads)]);
  }, reps);
  const { value, grads } = tf.variableGrads(() => lossParts(loss, ft.studentLogits({ kind: 'pixels', x }), teacher, labels).loss, vars);
  const byName = Object.fromEntries(Object.entries(ft.vars).map(([k, v]) => [k, grads[v.name]]));
  // Which kernels the backward pass spends its time in (tf.profile; WebGPU kernel times need timestamp
  // queries, so wall time per kernel call is what this sees).
  const prof = await tf.profile(async () => {
    const r = tf.variableGrads(() => lossParts(loss, ft.studentLogits({ kind: 'pixels', x }), teacher, labels).loss, vars);
    await r.value.data();
    tf.dispose([r.value, ...Object.values(r.grads)]);
  });
  const byKernel = new Map<string, [number, number]>();
  for (const k of prof.kernels) {
    const t = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    const e = byKernel.get(k.name) ?? [0, 0];
    byKernel.set(k.name, [e[0] + t, e[1] + 1]);
  }
  out.kernels = [...byKernel].sort((a, b) => b[1][0] - a[1][0]).slice(0, 12).map(([k, [ms, n]]) => `${k} ${ms.toFixed(0)}ms x${n}`);
  out.host = await hostProfile(async () => {
    const r = tf.variableGrads(() => lossParts(loss, ft.studentLogits({ kind: 'pixels', x }), teacher, labels).loss, vars);
    await r.value.data();
    tf.dispose([r.value, ...Object.values(r.grads)]);
  });
  out.adamw = await time(async () => { opt.apply(byName, { all: 1e-5 }); await ft.vars['head.W'].data(); }, reps);
  out.variables = vars.length;
  tf.dispose([value, ...Object.values(grads), x, teacher, labels]);
  opt.dispose();
  ft.dispose();
  return out;
}

async function main() {
  denoPlatform();
  installWebGpuKernels(); // as the studio's worker does (backend/select.ts)
  const ok = await tf.setBackend('webgpu');
  if (!ok) throw new Error('no WebGPU adapter');
  await tf.ready();
  const gpu = (globalThis.navigator as unknown as { gpu: { requestAdapter(): Promise<{ info?: Record<string, unknown> } | null> } }).gpu;
  const adapter = await gpu.requestAdapter();
  const rows: Record<string, unknown>[] = [];
  const maxRelVsCpu = await crossCheck();
  // `smoke` checks the pipeline on a software Vulkan with a tiny model; the real run uses ViT-B/32.
  const smoke = (globalThis as unknown as { Deno?: { args: string[] } }).Deno?.args.includes('--smoke') ?? false;
  const cfg: ClipConfig = smoke ? TINY_GEOMETRY : VIT_B32;
  const S = cfg.vision.imageSize;
  const model = new ClipModel(cfg, randomParams(cfg, 1));
  for (const batch of [1, 8, 32]) {
    const x = tf.randomNormal([batch, 3, S, S]);
    const ms = await time(async () => {
      const y = model.encodeImage(x);
      await y.data();
      y.dispose();
    }, smoke ? 2 : batch === 32 ? 5 : 10);
    rows.push({ metric: 'vit-b32-forward', batch, value: (batch * 1000) / ms, unit: 'images/s', median_ms: ms });
    x.dispose();
  }
  // 8 steps per epoch: the median step excludes the epoch-end evaluation and checkpoint.
  const n = 64;
  const px = new Map(Array.from({ length: n }, (_, i) => [i, new Float32Array(3 * S * S).map(() => Math.random() - 0.5)]));
  const samples = Array.from({ length: n }, (_, i) => ({ id: i, label: i % 6, split: 'train' as const }));
  const w0 = tf.randomNormal([6, cfg.projectionDim]) as tf.Tensor2D;
  const stepMs: number[] = [];
  let last = 0;
  const trainer = new Trainer(model, w0, memoryData(['a', 'b', 'c', 'd', 'e', 'f'], samples, px), {
    ...DEFAULT_TRAIN_CONFIG, scope: 'full', epochs: smoke ? 1 : 2, batchSize: 8, microBatch: 8, augment: 'none', valFraction: 0, evalsPerEpoch: 1, schedule: 'constant',
  }, { step: () => { const now = performance.now(); if (last) stepMs.push(now - last); last = now; } });
  await trainer.train();
  stepMs.sort((a, b) => a - b);
  const med = stepMs[Math.floor(stepMs.length / 2)];
  rows.push({ metric: 'vit-b32-train-step', batch: 8, value: (8 * 1000) / med, unit: 'images/s', median_ms: med, note: 'ProReg, full encoder, step-to-step time (includes one device read per step)' });
  const phases = await stepPhases(model, cfg, w0, smoke ? 2 : 4);
  console.log(JSON.stringify({ smoke, maxRelVsCpu, phases, runtime: `deno ${(globalThis as unknown as { Deno: { version: { deno: string } } }).Deno.version.deno}`, adapter: adapter?.info ?? null, backend: tf.getBackend(), rows }));
}

main().catch((e) => {
  console.log(JSON.stringify({ error: String(e?.stack ?? e) }));
});
