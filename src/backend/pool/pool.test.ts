// The pool on helper threads under Node: worker_threads running pool-worker-node.ts over a shared
// WebAssembly.Memory, as the browser's threaded WASM heap is. Each split call must equal the same call on
// one thread to the bit (threads take whole columns, pairs or rows, each computed in the same order), and
// the one-thread results equal float64 loops within float32 rounding.
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GELU, GELU_GRAD, GELU_SCALE } from '../activation/gelu-wasm';
import { probsStride, type AttentionCall } from '../attention/attention-call';
import { SOFTMAX_ROWS, SOFTMAX_ROWS_GRAD } from '../attention/softmax-wasm';
import { planBatchMatMul } from '../gemm/batch-matmul';
import { LAYER_NORM_PASS } from '../norm/layernorm-wasm';
import { operand } from '../wasm/pass';
import { GemmPool, type HelperWorker } from './pool';

const PASSES = [SOFTMAX_ROWS, SOFTMAX_ROWS_GRAD, GELU, GELU_GRAD, LAYER_NORM_PASS];
const THREADS = 3;

// worker_threads do not inherit the test runner's TypeScript loader: register tsx, then load the entry.
const BOOT = `const { workerData } = require('node:worker_threads');
import('tsx/esm/api').then((tsx) => { tsx.register(); return import(workerData.entry); });`;
const ENTRY = new URL('./pool-worker-node.ts', import.meta.url).href;

/** A worker_threads helper behind the interface the pool spawns (the browser's Worker has it natively). */
function spawnNodeHelper(): HelperWorker {
  const worker = new Worker(BOOT, { eval: true, workerData: { entry: ENTRY } });
  return {
    postMessage: (message) => worker.postMessage(message),
    addEventListener: ((type: 'message' | 'error', listener: (e: unknown) => void) => worker.on(type, type === 'message' ? (data) => listener({ data }) : listener)) as HelperWorker['addEventListener'],
    terminate: () => void worker.terminate(),
  };
}

const memory = new WebAssembly.Memory({ initial: 512, maximum: 512, shared: true }); // 32 MB
let top = 1024;
/** A bump allocator over the shared memory, 16-byte aligned. */
function malloc(bytes: number): number {
  const at = top;
  top = (top + bytes + 15) & ~15;
  if (top > memory.buffer.byteLength) throw new Error('test memory exhausted');
  return at;
}
const f32 = () => new Float32Array(memory.buffer);

/** A float32 array of `n` deterministic values in [-1, 1) at a new offset; returns its view. */
function alloc(n: number, seed = 0): Float32Array {
  const view = new Float32Array(memory.buffer, malloc(n * 4), n);
  let s = seed;
  for (let i = 0; i < n && seed; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    view[i] = (s / 2 ** 32) * 2 - 1;
  }
  return view;
}

/** The first index where `a` and `b` differ in bits, -1 when none (cheaper than a deep equality). */
function firstDifference(a: Float32Array, b: Float32Array): number {
  const [x, y] = [new Uint32Array(a.buffer, a.byteOffset, a.length), new Uint32Array(b.buffer, b.byteOffset, b.length)];
  if (x.length !== y.length) return 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}

let pool: GemmPool;
let single: GemmPool;

beforeAll(async () => {
  pool = await GemmPool.create({ memory, threads: THREADS, malloc, spawn: spawnNodeHelper, passes: PASSES });
  single = await GemmPool.create({ memory, threads: 1, malloc, passes: PASSES });
});

afterAll(() => {
  pool?.dispose();
  single?.dispose();
});

describe('the pool under worker_threads with shared memory', () => {
  it('starts every helper', () => {
    expect(pool.threads).toBe(THREADS);
    expect(single.threads).toBe(1);
  });

  it('a GEMM split by columns equals one thread to the bit, and float64 within float32 rounding', () => {
    const [M, K, N] = [37, 300, 520]; // ~5.8 M multiply-adds: split; 520 columns = 65 panels
    const a = alloc(M * K, 1);
    const b = alloc(K * N, 2);
    const [c1, cN] = [alloc(M * N), alloc(M * N)];
    const plan = planBatchMatMul([M, K], [K, N], false, false)!;
    single.run(plan.call(a.byteOffset, b.byteOffset, c1.byteOffset));
    pool.run(plan.call(a.byteOffset, b.byteOffset, cN.byteOffset));
    expect(firstDifference(cN, c1)).toBe(-1);
    let worst = 0;
    for (let i = 0; i < M; i += 6) {
      for (let j = 0; j < N; j++) {
        let [s, scale] = [0, 0];
        for (let k = 0; k < K; k++) {
          s += a[i * K + k] * b[k * N + j];
          scale += Math.abs(a[i * K + k] * b[k * N + j]);
        }
        worst = Math.max(worst, Math.abs(c1[i * N + j] - s) / scale);
      }
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it('a row pass split by rows (quick_gelu and its gradient) equals one thread, and float64', () => {
    const n = 1 << 17; // 131,072 floats: split
    const x = alloc(n, 3);
    x.forEach((v, i) => (x[i] = v * 8)); // into the tails of the sigmoid
    const dy = alloc(n, 4);
    const [y1, yN, dx1, dxN] = [alloc(n), alloc(n), alloc(n), alloc(n)];
    for (const [p, y, dx] of [[single, y1, dx1], [pool, yN, dxN]] as const) {
      p.runRows(GELU, { x: operand(x, 16), y: operand(y, 16) }, n >> 2, 4);
      p.runRows(GELU_GRAD, { x: operand(x, 16), dy: operand(dy, 16), dx: operand(dx, 16) }, n >> 2, 4);
    }
    expect(firstDifference(yN, y1)).toBe(-1);
    expect(firstDifference(dxN, dx1)).toBe(-1);
    for (let i = 0; i < n; i += 97) expect(Math.abs(y1[i] - x[i] / (1 + Math.exp(-GELU_SCALE * x[i])))).toBeLessThan(1e-6 * (Math.abs(x[i]) + 1));
  });

  it('a row pass with a float scalar (LayerNorm eps) and shared operands reads them right on every thread', () => {
    const [rows, d] = [120, 768]; // 92,160 floats: split
    const x = alloc(rows * d, 5);
    const [g, b] = [alloc(d, 6), alloc(d, 7)];
    const outs = [single, pool].map((p) => {
      const [y, xhat, rstd] = [alloc(rows * d), alloc(rows * d), alloc(rows)];
      p.runRows(LAYER_NORM_PASS, { x: operand(x, d * 4), g: operand(g), b: operand(b), y: operand(y, d * 4), xhat: operand(xhat, d * 4), rstd: operand(rstd, 4), d, eps: 0.25 }, rows, d);
      return { y, rstd };
    });
    expect(firstDifference(outs[1].y, outs[0].y)).toBe(-1);
    expect(firstDifference(outs[1].rstd, outs[0].rstd)).toBe(-1);
    for (let r = 0; r < rows; r += 7) {
      const row = x.subarray(r * d, (r + 1) * d);
      const mean = row.reduce((s, v) => s + v, 0) / d;
      const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / d;
      expect(Math.abs(outs[0].rstd[r] - 1 / Math.sqrt(variance + 0.25))).toBeLessThan(1e-5);
    }
  });

  it('attention pairs split between threads equal one thread, forward and backward', () => {
    const [B, N, H, h] = [2, 50, 12, 64];
    const D = H * h;
    const qkv = alloc(B * N * 3 * D, 8);
    const dy = alloc(B * N * D, 9);
    const results = [single, pool].map((p) => {
      const [out, probs, dqkv, dp] = [alloc(B * N * D), alloc(B * H * N * probsStride(N)), alloc(B * N * 3 * D), alloc(B * H * N * probsStride(N))];
      const call: AttentionCall = { qkv: qkv.byteOffset, out: out.byteOffset, probs: probs.byteOffset, dqkv: 0, dp: 0, tokens: N, queries: N, heads: H, headWidth: h, from: 0, to: B * H };
      p.runAttention(call, false);
      p.runAttention({ ...call, out: dy.byteOffset, dqkv: dqkv.byteOffset, dp: dp.byteOffset }, true);
      return { out: out.slice(), probs: probs.slice(), dqkv: dqkv.slice() };
    });
    for (const key of ['out', 'probs', 'dqkv'] as const) expect(firstDifference(results[1][key], results[0][key]), key).toBe(-1);
    // each probability row sums to one
    const L = probsStride(N);
    for (let r = 0; r < B * H * N; r += 31) expect(Math.abs(results[0].probs.subarray(r * L, r * L + N).reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-5);
  });

  it('says when a helper thread fails (an operand past the end of memory) and keeps serving after', () => {
    const n = 1 << 17;
    // the first of three parts of the rows (the calling thread's) ends at the end of memory: the helpers'
    // parts lie past it
    const x = { at: memory.buffer.byteLength - 16 * Math.round((n >> 2) / 3), perRow: 16 };
    expect(() => pool.runRows(GELU, { x, y: x }, n >> 2, 4)).toThrow(/helper thread failed/);
    const v = alloc(n, 10);
    const [w1, wN] = [alloc(n), alloc(n)];
    single.runRows(GELU, { x: operand(v, 16), y: operand(w1, 16) }, n >> 2, 4);
    pool.runRows(GELU, { x: operand(v, 16), y: operand(wN, 16) }, n >> 2, 4);
    expect(firstDifference(wN, w1)).toBe(-1);
  });

  it('refuses a pass its module lacks, naming it', () => {
    const toy = { ...GELU, name: 'toyPass' };
    expect(() => pool.runRows(toy, { x: operand(f32(), 16), y: operand(f32(), 16) }, 1, 4)).toThrow(/no pass toyPass/);
  });
});
