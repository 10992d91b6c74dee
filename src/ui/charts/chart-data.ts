// From the metrics store to what the charts draw. Pure functions (tested without a DOM).
import type { DatasetSample } from '../../protocol/messages';
import type { EvalResult } from '../../protocol/train-types';
import type { RunMetrics } from '../../store/metrics-store';
import type { ScatterData } from './ScatterCanvas';

/** One line per part name, in the order the loss first reported them ('loss' last). */
export function partLines(r: RunMetrics | undefined): { name: string; points: { x: number; y: number }[] }[] {
  if (!r) return [];
  const names = [...r.means.keys()].filter((n) => n !== 'loss');
  if (r.means.has('loss')) names.push('loss');
  return names.map((name) => ({ name, points: r.means.get(name)!.points() }));
}

/** Colour index per sample id: its class, or its group's index among the groups present. */
export function colourIndex(samples: DatasetSample[], by: 'class' | 'group'): { byId: Map<number, number>; legend: string[] } {
  const byId = new Map<number, number>();
  if (by === 'class') {
    for (const s of samples) byId.set(s.id, s.label);
    return { byId, legend: [] };
  }
  const groups: string[] = [];
  const index = new Map<string, number>();
  for (const s of samples) {
    if (s.group === undefined) {
      byId.set(s.id, -1);
      continue;
    }
    let g = index.get(s.group);
    if (g === undefined) {
      g = groups.length;
      groups.push(s.group);
      index.set(s.group, g);
    }
    byId.set(s.id, g);
  }
  return { byId, legend: groups };
}

/** This epoch's per-sample points: x and y picked from the sample buffer by name. */
export function epochScatter(r: RunMetrics | undefined, xKey: 'pt' | 'ce', yKey: 'w' | 'kl', colourOfId: Map<number, number>): ScatterData & { ids: Int32Array } {
  if (!r) return { x: new Float32Array(0), y: new Float32Array(0), colour: new Int32Array(0), ids: new Int32Array(0), count: 0 };
  const b = r.epochSamples.columns();
  const colour = new Int32Array(b.count);
  for (let i = 0; i < b.count; i++) colour[i] = colourOfId.get(b.ids[i]) ?? -1;
  return { x: b[xKey], y: b[yKey], colour, ids: b.ids, count: b.count };
}

/** Histogram of values in [0, 1]. */
export function histogram(values: Float32Array, count: number, bins = 20): { bin: string; from: number; count: number }[] {
  const out = Array.from({ length: bins }, (_, i) => ({ bin: (i / bins).toFixed(2), from: i / bins, count: 0 }));
  for (let i = 0; i < count; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    out[Math.min(bins - 1, Math.max(0, Math.floor(v * bins)))].count++;
  }
  return out;
}

/** Accuracy per split at each evaluation, as chart rows {step, train, val, ...}. */
export function accuracyRows(evals: EvalResult[]): { rows: Record<string, number>[]; splits: string[] } {
  const splits = new Set<string>();
  const rows = evals.map((e) => {
    const row: Record<string, number> = { step: e.step };
    for (const s of e.splits) {
      row[s.split] = s.accuracy;
      splits.add(s.split);
      if (s.worstGroup) {
        row[`${s.split} worst group`] = s.worstGroup.accuracy;
        splits.add(`${s.split} worst group`);
      }
    }
    return row;
  });
  // A split measured only once among several evaluations (train: at the end of the run) is one dot, not a
  // line: its name says so.
  const names = [...splits];
  if (rows.length > 1) {
    for (const [i, sp] of names.entries()) {
      if (rows.filter((r) => r[sp] !== undefined).length !== 1) continue;
      const label = `${sp} (end of run only)`;
      for (const r of rows) if (r[sp] !== undefined) {
        r[label] = r[sp];
        delete r[sp];
      }
      names[i] = label;
    }
  }
  return { rows, splits: names };
}

export function mean(values: Float32Array, count: number): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < count; i++) if (Number.isFinite(values[i])) {
    s += values[i];
    n++;
  }
  return n ? s / n : NaN;
}

/**
 * About `count` round ticks covering [min, max] (steps of 1, 2, 2.5 or 5 times a power of ten; whole numbers
 * when `integers`): the plots' axes.
 */
export function roundTicks(min: number, max: number, count = 5, integers = false): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max <= min) return [min];
  const raw = (max - min) / Math.max(1, count - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  let step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * mag;
  if (integers) step = Math.max(1, Math.ceil(step));
  const out: number[] = [];
  // By index, and at most a few dozen: a range of a few ulps has a step that adding to the start cannot move.
  const first = Math.ceil(min / step - 1e-9);
  for (let i = 0; i < 4 * count + 4; i++) {
    const v = (first + i) * step;
    if (v > max + step * 1e-9) break;
    const t = Number(v.toPrecision(12));
    if (t !== out[out.length - 1]) out.push(t);
  }
  return out;
}
