// High-frequency training data, kept outside React state: charts subscribe transiently and redraw at most a
// few times per second. Everything is mutated in place; `version` tells subscribers something changed.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SampleArrays, StepPoint } from '../protocol/train-types';
import { LatestTable, SampleBuffer, SampleTrail } from './sample-buffers';
import { DecimatedSeries } from './series';

/** Points kept per chart line: more than a small chart can show, few enough to redraw cheaply. */
export const MAX_POINTS = 200;

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
  /** Each sample's trail, by id. */
  history: Map<number, SampleTrail>;
  /**
   * The store's version when this run last changed: a view of one run redraws when it moves, not when another
   * run steps (unique over time, so a run replaced by a reset or a reload never repeats an earlier value).
   */
  version: number;
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

function newRun(runId: string, version = 0): RunMetrics {
  return {
    runId, table: emptyTable(), means: new Map(), lastStep: null, steps: 0, epoch: -1,
    epochSamples: new SampleBuffer(), latest: new LatestTable(), history: new Map(), version,
  };
}

function pushHistory(h: Map<number, SampleTrail>, s: SampleArrays, step: number): void {
  for (let i = 0; i < s.ids.length; i++) {
    let e = h.get(s.ids[i]);
    if (!e) h.set(s.ids[i], (e = new SampleTrail()));
    e.push(step, s.ce[i], s.kl[i], s.w[i]);
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
function replay(runId: string, table: StepTable, version: number): RunMetrics {
  const r = newRun(runId, version);
  for (let i = 0; i < table.step.length; i++) pushScalars(r, tableRow(table, i));
  if (r.lastStep) r.epoch = r.lastStep.epoch;
  return r;
}

export function createMetricsStore(): MetricsStore {
  return createStore<MetricsState>()((set, get) => ({
    runs: {},
    version: 0,
    pushStep: (runId, point, samples) => {
      const { runs, version } = get();
      const r = runs[runId] ?? newRun(runId);
      r.version = version + 1;
      pushScalars(r, point);
      if (point.epoch !== r.epoch) {
        r.epoch = point.epoch;
        r.epochSamples.clear();
      }
      // The transferred arrays themselves: kept, not copied (the views join them when they draw).
      r.epochSamples.append(samples);
      r.latest.update(samples, point.step);
      pushHistory(r.history, samples, point.step);
      set({ runs: runs[runId] ? runs : { ...runs, [runId]: r }, version: version + 1 });
    },
    resetRun: (runId) => set((s) => ({ runs: { ...s.runs, [runId]: newRun(runId, s.version + 1) }, version: s.version + 1 })),
    restoreRun: (runId, table) => set((s) => ({ runs: { ...s.runs, [runId]: replay(runId, table, s.version + 1) }, version: s.version + 1 })),
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
        return { runs: { ...s.runs, [runId]: replay(runId, table, s.version + 1) }, version: s.version + 1 };
      }),
    clear: () => set((s) => ({ runs: {}, version: s.version + 1 })),
  }));
}
