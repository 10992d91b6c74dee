// High-frequency training data, kept outside React state: charts subscribe transiently and redraw at most a
// few times per second. Everything is mutated in place; `version` tells subscribers something changed.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SampleArrays, StepPoint } from '../protocol/train-types';
import { DecimatedSeries } from './series';

/** Points kept per chart line: more than a small chart can show, few enough to redraw cheaply. */
export const MAX_POINTS = 200;
const HISTORY_LIMIT = 256;

/** Per-sample values of the current epoch, appended step by step (typed arrays, grown by doubling). */
export class SampleBuffer {
  ids = new Int32Array(256);
  ce = new Float32Array(256);
  kl = new Float32Array(256);
  w = new Float32Array(256);
  ps = new Float32Array(256);
  pt = new Float32Array(256);
  count = 0;

  append(s: SampleArrays): void {
    const n = s.ids.length;
    this.reserve(this.count + n);
    this.ids.set(s.ids, this.count);
    this.ce.set(s.ce, this.count);
    this.kl.set(s.kl, this.count);
    this.w.set(s.w, this.count);
    this.ps.set(s.ps, this.count);
    this.pt.set(s.pt, this.count);
    this.count += n;
  }

  clear(): void {
    this.count = 0;
  }

  private reserve(n: number): void {
    if (n <= this.ids.length) return;
    let cap = this.ids.length;
    while (cap < n) cap *= 2;
    const grow = <T extends Int32Array | Float32Array>(a: T, make: (c: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.ids = grow(this.ids, (c) => new Int32Array(c));
    for (const k of ['ce', 'kl', 'w', 'ps', 'pt'] as const) this[k] = grow(this[k], (c) => new Float32Array(c));
  }
}

/** The latest values per sample id (indexed by id; NaN where a sample has not been seen). */
export class LatestTable {
  ce = new Float32Array(0);
  kl = new Float32Array(0);
  w = new Float32Array(0);
  ps = new Float32Array(0);
  pt = new Float32Array(0);
  step = new Int32Array(0);

  update(s: SampleArrays, step: number): void {
    let maxId = -1;
    for (let i = 0; i < s.ids.length; i++) if (s.ids[i] > maxId) maxId = s.ids[i];
    this.reserve(maxId + 1);
    for (let i = 0; i < s.ids.length; i++) {
      const id = s.ids[i];
      this.ce[id] = s.ce[i];
      this.kl[id] = s.kl[i];
      this.w[id] = s.w[i];
      this.ps[id] = s.ps[i];
      this.pt[id] = s.pt[i];
      this.step[id] = step;
    }
  }

  has(id: number): boolean {
    return id < this.step.length && this.step[id] >= 0;
  }

  private reserve(n: number): void {
    if (n <= this.ce.length) return;
    const cap = Math.max(n, this.ce.length * 2, 64);
    for (const k of ['ce', 'kl', 'w', 'ps', 'pt'] as const) {
      const b = new Float32Array(cap).fill(NaN);
      b.set(this[k]);
      this[k] = b;
    }
    const st = new Int32Array(cap).fill(-1);
    st.set(this.step);
    this.step = st;
  }
}

export interface SampleHistory {
  step: number[];
  ce: number[];
  kl: number[];
  w: number[];
}

/** Every step's scalars, column by column (a part first seen late is NaN before it). Small: a few numbers a step. */
export interface StepTable {
  step: number[];
  epoch: number[];
  loss: number[];
  lrEncoder: number[];
  lrHead: number[];
  means: Record<string, number[]>;
}

export function emptyTable(): StepTable {
  return { step: [], epoch: [], loss: [], lrEncoder: [], lrHead: [], means: {} };
}

/** Appends one step point; a column a point lacks gets NaN, a new column NaN for the rows before it. */
export function appendRow(t: StepTable, p: StepPoint): void {
  const n = t.step.length;
  t.step.push(p.step);
  t.epoch.push(p.epoch);
  t.loss.push(p.loss);
  t.lrEncoder.push(p.lrEncoder);
  t.lrHead.push(p.lrHead);
  for (const [name, v] of Object.entries(p.means)) (t.means[name] ??= new Array<number>(n).fill(NaN)).push(v);
  for (const col of Object.values(t.means)) if (col.length === n) col.push(NaN);
}

/** Row `i` of a table as the step point it came from. */
export function tableRow(t: StepTable, i: number): StepPoint {
  const means: Record<string, number> = {};
  for (const [name, col] of Object.entries(t.means)) if (Number.isFinite(col[i])) means[name] = col[i];
  return { step: t.step[i], epoch: t.epoch[i], loss: t.loss[i], means, lrEncoder: t.lrEncoder[i], lrHead: t.lrHead[i] };
}

export interface RunMetrics {
  runId: string;
  /** Every step's scalars (for the CSV export and for rebuilding `means` after a reload). */
  table: StepTable;
  /** Per-step mean of every loss part, by the name the loss gave it, plus 'loss'. */
  means: Map<string, DecimatedSeries>;
  lastStep: StepPoint | null;
  steps: number;
  /** Epoch whose samples are in `epochSamples`. */
  epoch: number;
  epochSamples: SampleBuffer;
  latest: LatestTable;
  history: Map<number, SampleHistory>;
}

export interface MetricsState {
  runs: Record<string, RunMetrics>;
  version: number;
  pushStep(runId: string, point: StepPoint, samples: SampleArrays): void;
  resetRun(runId: string): void;
  /** A run's step history from a saved project (no per-sample values: those are not saved). */
  restoreRun(runId: string, table: StepTable): void;
  /** Drops the steps from `step` on (a resumed run repeats them from its checkpoint). */
  trimRun(runId: string, step: number): void;
  clear(): void;
}

export type MetricsStore = StoreApi<MetricsState>;

function newRun(runId: string): RunMetrics {
  return {
    runId, table: emptyTable(), means: new Map(), lastStep: null, steps: 0, epoch: -1,
    epochSamples: new SampleBuffer(), latest: new LatestTable(), history: new Map(),
  };
}

function pushHistory(h: Map<number, SampleHistory>, s: SampleArrays, step: number): void {
  for (let i = 0; i < s.ids.length; i++) {
    let e = h.get(s.ids[i]);
    if (!e) h.set(s.ids[i], (e = { step: [], ce: [], kl: [], w: [] }));
    if (e.step.length >= HISTORY_LIMIT) for (const k of ['step', 'ce', 'kl', 'w'] as const) e[k].splice(0, 1);
    e.step.push(step);
    e.ce.push(s.ce[i]);
    e.kl.push(s.kl[i]);
    e.w.push(s.w[i]);
  }
}

/** Adds one step's scalars to the table, the chart series and the run's counters. */
function pushScalars(r: RunMetrics, point: StepPoint): void {
  const series = (name: string) => {
    let s = r.means.get(name);
    if (!s) r.means.set(name, (s = new DecimatedSeries(MAX_POINTS)));
    return s;
  };
  appendRow(r.table, point);
  series('loss').push(point.step, point.loss);
  for (const [name, v] of Object.entries(point.means)) series(name).push(point.step, v);
  r.lastStep = point;
  r.steps++;
}

/** A run rebuilt from a step table: the series decimate exactly as they did live. */
function replay(runId: string, table: StepTable): RunMetrics {
  const r = newRun(runId);
  for (let i = 0; i < table.step.length; i++) pushScalars(r, tableRow(table, i));
  if (r.lastStep) r.epoch = r.lastStep.epoch;
  return r;
}

export function createMetricsStore(): MetricsStore {
  return createStore<MetricsState>()((set, get) => ({
    runs: {},
    version: 0,
    pushStep: (runId, point, samples) => {
      const runs = get().runs;
      const r = runs[runId] ?? newRun(runId);
      pushScalars(r, point);
      if (point.epoch !== r.epoch) {
        r.epoch = point.epoch;
        r.epochSamples.clear();
      }
      r.epochSamples.append(samples);
      r.latest.update(samples, point.step);
      pushHistory(r.history, samples, point.step);
      set({ runs: runs[runId] ? runs : { ...runs, [runId]: r }, version: get().version + 1 });
    },
    resetRun: (runId) => set((s) => ({ runs: { ...s.runs, [runId]: newRun(runId) }, version: s.version + 1 })),
    restoreRun: (runId, table) => set((s) => ({ runs: { ...s.runs, [runId]: replay(runId, table) }, version: s.version + 1 })),
    trimRun: (runId, step) =>
      set((s) => {
        const r = s.runs[runId];
        if (!r) return {};
        const keep = r.table.step.findIndex((x) => x >= step);
        if (keep < 0) return {};
        const t = r.table;
        const cut = (col: number[]) => col.slice(0, keep);
        const table: StepTable = {
          step: cut(t.step), epoch: cut(t.epoch), loss: cut(t.loss), lrEncoder: cut(t.lrEncoder), lrHead: cut(t.lrHead),
          means: Object.fromEntries(Object.entries(t.means).map(([k, v]) => [k, cut(v)])),
        };
        return { runs: { ...s.runs, [runId]: replay(runId, table) }, version: s.version + 1 };
      }),
    clear: () => set((s) => ({ runs: {}, version: s.version + 1 })),
  }));
}
