// Benchmark worker: runs one task on the chosen backend with the engine's own code (as the studio's worker).
import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend, configureWasmThreads } from '../../src/backend/select';
import { hubSource } from '../../src/hub/hf-hub';
import { loadClipBundle } from '../../src/hub/model-bundle';
import { benchForward } from '../engine/forward';
import { BENCH_VIT_B32, randomClip } from '../engine/geometry';
import { runSteps, TRAIN_METRIC } from '../engine/train-step';
import { benchWebGpuCount } from '../engine/webgpu-count';
import { explainAbort, wasmHeapMB } from '../engine/wasm-heap';
import { errorRow, rateRow, row, type Row } from '../rows';
import type { BenchReply, BenchTask } from './tasks';

async function run(task: BenchTask, rows: Row[], info: Record<string, unknown>): Promise<void> {
  const threads = 'threads' in task && task.threads ? configureWasmThreads(task.threads) : null;
  const backendReport = await chooseBackend(task.backend);
  info.backend = backendReport;
  const label = `browser-${task.backend}${threads ? `-${threads}t` : ''}`;
  if (task.kind === 'forward') {
    const model = randomClip(BENCH_VIT_B32);
    await benchForward(model, label, task.plans, (r) => rows.push(r));
    model.dispose();
  } else if (task.kind === 'train-step') {
    const model = randomClip(BENCH_VIT_B32);
    for (const c of task.cases.split(',')) {
      const [scope, b, w, n, cap] = c.split(':');
      const batch = Number(b);
      const plan = { warmup: Number(w), iters: Number(n), capMs: Number(cap) * 1000 };
      try {
        const r = await runSteps(model, { scope, batch, microBatch: 8, ...plan });
        if (r.times.length === 0) throw new Error(`no timed step (ran ${r.stepsRun})`);
        rows.push(rateRow(TRAIN_METRIC, label, batch, r.times, plan, { scope, microBatch: 8, prepare_ms: Math.round(r.prepareMs), heap_mb: wasmHeapMB() }));
      } catch (e) {
        rows.push(errorRow(TRAIN_METRIC, label, 'images/s', explainAbort(e), { scope, batch, microBatch: 8 }));
      }
    }
    model.dispose();
  } else if (task.kind === 'webgpu-count') {
    // where the figures come from, beside them: the adapter (device, driver) and the WebGPU implementation
    const a = backendReport.adapter;
    const source = `${a ? `${[a.vendor, a.architecture, a.description].filter(Boolean).join(' ')}${a.isFallbackAdapter ? ' (software fallback adapter)' : ''}` : 'unknown adapter'}; WebGPU: ${navigator.userAgent.match(/Chrom(e|ium)\/[\d.]+/)?.[0] ?? navigator.userAgent} (Dawn)`;
    await benchWebGpuCount(label, (r) => rows.push({ ...r, gpu_source: source }), task.imageSize);
  } else if (task.kind === 'ready') {
    const t0 = performance.now();
    // Cache Storage only: a network fetch would mean the cache missed, which must fail, not download.
    const src = hubSource(task.repo, { cacheStorage: caches, fetchImpl: () => Promise.reject(new Error('not in Cache Storage')) });
    const bundle = await loadClipBundle(src);
    const loaded = performance.now() - t0;
    const S = bundle.model.config.vision.imageSize;
    const x = tf.zeros([1, 3, S, S]);
    const y = bundle.model.encodeImage(x);
    await y.data();
    tf.dispose([x, y]);
    const ready = performance.now() - t0;
    bundle.model.dispose();
    rows.push(row('ready-from-cache', label, ready / 1000, 's', { load_s: Math.round(loaded) / 1000, first_forward_s: Math.round(ready - loaded) / 1000, dtype: 'F16' }));
  }
}

self.onmessage = async (e: MessageEvent<BenchTask>) => {
  const rows: Row[] = [];
  const info: Record<string, unknown> = {};
  try {
    await run(e.data, rows, info);
    self.postMessage({ ok: true, rows, info } satisfies BenchReply);
  } catch (err) {
    self.postMessage({ ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err), rows } satisfies BenchReply);
  }
};
