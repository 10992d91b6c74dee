// What an import of n generated images may cost the tab, checked by `--corpus` (docs/benchmarks.md gives
// the figures these budgets were set from): the renderer's peak resident set (page, workers, bitmaps, WASM),
// the workers' V8 heaps, and the main thread's longest task while importing.

/** A main-thread task longer than this is a stall (the Long Tasks API's own threshold is 50 ms). */
export const LONG_TASK_MS = 100;

export interface MemoryBudget {
  rendererMb: number;
  workersMb: number;
}

/** Base cost of the studio's tab plus a per-image allowance, so the budget is stated for any size. */
export function budgetFor(images: number): MemoryBudget {
  return { rendererMb: Math.round(RENDERER_BASE_MB + RENDERER_PER_IMAGE_KB * images / 1024), workersMb: Math.round(WORKERS_BASE_MB + WORKERS_PER_IMAGE_KB * images / 1024) };
}

const RENDERER_BASE_MB = 400;
const RENDERER_PER_IMAGE_KB = 60;
const WORKERS_BASE_MB = 100;
const WORKERS_PER_IMAGE_KB = 20;
