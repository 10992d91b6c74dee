// The browser's backend choice. A WebGPU adapter that is a CPU fallback (SwiftShader) is no GPU: it runs
// ~50x slower than WASM's XNNPACK, so 'auto' measures before trusting it. This is the only browser module
// that imports tfjs backends.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { attachWasmKernels, installWasmKernels } from './kernels';
import { describeWasmGemm } from './pool/attach';
import type { HelperWorker } from './pool/pool';
import { wasmThreadsInUse, withWasmCoreCount } from './tfjs-adapter';
import { installWebGpuKernels } from './webgpu/webgpu-kernels';
import type { BackendChoice, BackendName, BackendReport } from '../protocol/messages';

installWasmKernels();
installWebGpuKernels();
setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });
// XNNPACK threads need cross-origin isolation (SharedArrayBuffer). With more than two cores one is left
// to the page; with two or fewer the worker takes them all: leaving one idle would halve training speed,
// and the page's own work while training is small (the studio's long-task check holds it under 100 ms).
const isolated = Boolean((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated);
const cores = globalThis.navigator?.hardwareConcurrency ?? 2;
let WASM_THREADS = 1;

/** Threads for XNNPACK; takes effect if called before the WASM backend first initialises. */
export function configureWasmThreads(threads = cores <= 2 ? cores : cores - 1): number {
  WASM_THREADS = isolated ? Math.max(1, Math.floor(threads)) : 1;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', WASM_THREADS > 1);
  setThreadsCount(WASM_THREADS);
  return WASM_THREADS;
}

const threadsLabel = (n: number) => `${n} thread${n > 1 ? 's' : ''}`;

const spawnGemmHelper = (): HelperWorker => new Worker(new URL('./pool/pool-worker.ts', import.meta.url), { type: 'module', name: 'proreg-gemm' });

/** The WASM backend's label: XNNPACK's threads, and the GEMM that runs its matMuls when attached. */
function wasmLabel(): string {
  const gemm = describeWasmGemm();
  return `XNNPACK SIMD, ${threadsLabel(wasmThreadsInUse())}${gemm ? `; matMul: ${gemm}` : ''}`;
}

configureWasmThreads();

type Adapter = BackendReport['adapter'];

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

/** The WebGPU adapter, if any, with whether it is a software fallback. */
export async function probeWebGpu(): Promise<Adapter | null> {
  const gpu = (globalThis.navigator as Navigator & { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
  if (!gpu) return null;
  const adapter = (await gpu.requestAdapter().catch(() => null)) as GpuAdapterLike | null;
  if (!adapter) return null;
  const info = adapter.info ?? {};
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    description: info.description ?? '',
    isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
  };
}

/** GFLOP/s of a 256x256 matMul on the active backend (after a warm-up that compiles kernels). */
async function measure(): Promise<number> {
  const n = 256;
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  await tf.matMul(a, b).data();
  const reps = 4;
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) {
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
  }
  const secs = (performance.now() - t0) / 1000;
  tf.dispose([a, b]);
  return (2 * n ** 3 * reps) / secs / 1e9;
}

async function activate(name: BackendName): Promise<boolean> {
  try {
    if (!(await (name === 'wasm' ? withWasmCoreCount(WASM_THREADS, () => tf.setBackend(name)) : tf.setBackend(name)))) return false;
    await tf.ready();
    // The matMul GEMM shares XNNPACK's thread count (helpers need the threaded binary's shared heap).
    if (name === 'wasm') await attachWasmKernels(WASM_THREADS, spawnGemmHelper);
    return true;
  } catch {
    return false;
  }
}

export async function chooseBackend(choice: BackendChoice): Promise<BackendReport> {
  const adapter = await probeWebGpu();
  if (choice !== 'auto') {
    if (!(await activate(choice))) throw new Error(`the ${choice} backend is not available in this browser`);
    const why = choice === 'webgpu' && adapter?.isFallbackAdapter
      ? ' (note: the WebGPU adapter is a CPU fallback, expect it to be slow)'
      : choice === 'wasm' ? ` (${wasmLabel()})` : '';
    return { name: choice, reason: `chosen by you${why}`, measured: {}, adapter: adapter ?? undefined };
  }
  const measured: Partial<Record<BackendName, number>> = {};
  let wasmName = 'WASM';
  if (await activate('wasm')) {
    wasmName = `WASM (${wasmLabel()})`;
    measured.wasm = await measure();
  }
  if (adapter && (await activate('webgpu'))) measured.webgpu = await measure();
  const fmt = (n?: number) => (n === undefined ? 'n/a' : `${n.toFixed(1)} GFLOP/s`);
  let name: BackendName;
  let reason: string;
  if (measured.webgpu !== undefined && (measured.wasm === undefined || measured.webgpu > measured.wasm)) {
    name = 'webgpu';
    reason = `WebGPU (${adapter?.description || adapter?.vendor || 'GPU'}) measured ${fmt(measured.webgpu)} vs ${wasmName} ${fmt(measured.wasm)}`;
  } else if (measured.wasm !== undefined) {
    name = 'wasm';
    reason = !adapter
      ? `no WebGPU adapter; ${wasmName} measured ${fmt(measured.wasm)}`
      : adapter.isFallbackAdapter
        ? `the WebGPU adapter is a CPU fallback (${adapter.description || adapter.vendor || 'software'}, ${fmt(measured.webgpu)}); ${wasmName} measured ${fmt(measured.wasm)}`
        : `${wasmName} measured ${fmt(measured.wasm)}, faster than WebGPU at ${fmt(measured.webgpu)}`;
  } else if (await activate('webgl')) {
    name = 'webgl';
    reason = 'neither WebGPU nor WASM is available; WebGL is';
  } else {
    await activate('cpu');
    name = 'cpu';
    reason = 'no accelerated backend is available; plain JavaScript (slow)';
  }
  if (tf.getBackend() !== name) await activate(name);
  return { name, reason, measured, adapter: adapter ?? undefined };
}
