// The benchmark's row schema and the small helpers every part shares (Node parts, browser worker, summary).
// Plain TypeScript: no tfjs, no Node or DOM APIs, so the browser worker can import it too.

/** One measured figure. `reference`/`ratio`/`target`/`pass` are filled by summary.ts. */
export interface Row {
  metric: string;
  /** Where it ran: node-wasm, node-cpu, browser-wasm, browser-webgpu, node-threads, browser-workers, torch-cpu. */
  backend: string;
  value: number | null;
  unit: string;
  reference: number | null;
  ratio: number | null;
  target: string | null;
  pass?: boolean | null;
  batch?: number;
  microBatch?: number;
  scope?: string;
  /** Timed iterations behind `value`, and the per-iteration times they came from. */
  iterations?: number;
  median_ms?: number;
  min_ms?: number;
  max_ms?: number;
  /** Why a figure is missing, approximate or capped. */
  note?: string;
  /** The row failed: value is null and this says why. */
  error?: string;
  [extra: string]: unknown;
}

export function row(metric: string, backend: string, value: number | null, unit: string, extra: Partial<Row> = {}): Row {
  return { metric, backend, value: value === null ? null : round(value), unit, reference: null, ratio: null, target: null, ...extra };
}

export function errorRow(metric: string, backend: string, unit: string, error: unknown, extra: Partial<Row> = {}): Row {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return row(metric, backend, null, unit, { ...extra, error: message.slice(0, 500) });
}

/** A stable key for a row, used by the diffable summary: metric[/scope][/b=batch]/backend. */
export function rowKey(r: Pick<Row, 'metric' | 'backend' | 'scope' | 'batch' | 'microBatch'>): string {
  const parts = [r.metric];
  if (r.scope) parts.push(r.scope);
  if (r.batch !== undefined) parts.push(`b${r.batch}`);
  if (r.microBatch !== undefined && r.microBatch !== r.batch) parts.push(`mb${r.microBatch}`);
  parts.push(r.backend);
  return parts.join('/');
}

export function round(x: number, digits = 4): number {
  if (!Number.isFinite(x)) return x;
  const m = Math.abs(x) >= 1 ? 10 ** Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(x)))) : 10 ** digits;
  return Math.round(x * m) / m;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

export interface TimingPlan {
  warmup: number;
  iters: number;
  /** Stop timing once this many ms have been spent on timed runs (at least one timed run always happens). */
  capMs: number;
}

/** Runs `fn` warmup + up to iters times; returns the timed durations in ms. */
export async function timeRuns(fn: () => Promise<void>, plan: TimingPlan): Promise<number[]> {
  for (let i = 0; i < plan.warmup; i++) await fn();
  const times: number[] = [];
  let spent = 0;
  while (times.length < plan.iters && (times.length === 0 || spent < plan.capMs)) {
    const t0 = performance.now();
    await fn();
    const dt = performance.now() - t0;
    times.push(dt);
    spent += dt;
  }
  return times;
}

/** images/s row from per-iteration times of `batch` images each (median time). */
export function rateRow(metric: string, backend: string, batch: number, times: number[], plan: TimingPlan, extra: Partial<Row> = {}): Row {
  const med = median(times);
  const capped = times.length < plan.iters ? { note: `capped at ${times.length} of ${plan.iters} timed runs (time cap ${plan.capMs / 1000} s)` } : {};
  return row(metric, backend, (batch * 1000) / med, 'images/s', {
    batch,
    iterations: times.length,
    warmup: plan.warmup,
    median_ms: round(med),
    min_ms: round(Math.min(...times)),
    max_ms: round(Math.max(...times)),
    ...capped,
    ...extra,
  });
}
