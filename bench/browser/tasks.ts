// The messages between the benchmark page, its Workers and the Playwright driver. Types only.
import type { Row, TimingPlan } from '../rows';

/** threads: XNNPACK threads for WASM (default: the studio's, cores - 1); rows then say `browser-wasm-<n>t`. */
export type BenchTask =
  | { kind: 'forward'; backend: 'wasm' | 'webgpu'; plans: Record<number, TimingPlan>; threads?: number }
  /** cases: scope:batch:warmup:iters:capSeconds, micro-batch 8 */
  | { kind: 'train-step'; backend: 'wasm' | 'webgpu'; cases: string; threads?: number }
  /** Programs dispatched and host time of one full-encoder step at batch 8 (bench/engine/webgpu-count.ts);
   * imageSize: the image the steps run on (default 64 px; 224 checks that the count does not change). */
  | { kind: 'webgpu-count'; backend: 'webgpu'; imageSize?: number }
  /** Model files already in Cache Storage under repo's hub URLs -> loaded, first forward done. */
  | { kind: 'ready'; backend: 'wasm' | 'webgpu'; repo: string };

export type BenchReply = { ok: true; rows: Row[]; info: Record<string, unknown> } | { ok: false; error: string; rows: Row[] };

export interface PreprocessTask {
  /** Image URLs (fetched before the clock starts). */
  urls: string[];
  workers: number;
  capMs: number;
}
