// Where a line plot's marks go, computed once per data change: the axes' domains and ticks, each line's path
// (straight segments between the measured points: a smoothed curve would show values never measured), its
// dots, and every measured x with its pixel position for the readout.
import { roundTicks } from './chart-data';
import { UNIT_TICKS } from './chart-style';
import { f1, scale, type Frame, type Point } from './plot-frame';

export interface PlotSeries { name: string; colour: string; dashed?: boolean; points: Point[] }

/** 'unit' and 'percent': a fixed [0, 1] axis, labelled as numbers or as percentages; 'auto': the data's span. */
export type YScale = 'unit' | 'percent' | 'auto';

export interface LinesLayout {
  xDomain: [number, number];
  yDomain: [number, number];
  xTicks: number[];
  yTicks: number[];
  lines: { d: string; dots: [number, number][] }[];
  /** Every measured x, ascending, and where each sits in pixels. */
  xs: number[];
  xPx: number[];
}

function span(values: Iterable<number>): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

function* ys(series: PlotSeries[]): Generator<number> {
  for (const s of series) for (const p of s.points) yield p.y;
}

function yAxis(series: PlotSeries[], y: YScale): { yDomain: [number, number]; yTicks: number[] } {
  if (y !== 'auto') return { yDomain: [0, 1], yTicks: UNIT_TICKS };
  const s = span(ys(series));
  if (!s) return { yDomain: [0, 1], yTicks: [] };
  let [lo, hi] = s;
  // A flat line (a term that does not move, moves by a few ulps, or has one point) gets a band of a tenth of its
  // value around it (at least 0.001), so that its ticks are a few round, distinct values.
  const pad = Math.max(Math.abs(hi) * 0.1, 1e-3);
  if (hi - lo < pad * 1e-2) {
    lo -= pad;
    hi += pad;
  }
  const yTicks = roundTicks(lo, hi, 5);
  return { yDomain: yTicks.length ? [Math.min(lo, yTicks[0]), Math.max(hi, yTicks[yTicks.length - 1])] : [lo, hi], yTicks };
}

/** A series with at most `dotsUpTo` points gets a dot on each; one measured once always gets its dot. */
export function linesLayout(series: PlotSeries[], y: YScale, f: Frame, dotsUpTo = 0): LinesLayout {
  const xSpan = span(series.flatMap((s) => s.points.map((p) => p.x)));
  const xDomain: [number, number] = xSpan ?? [0, 1];
  const { yDomain, yTicks } = yAxis(series, y);
  const px = (x: number) => f1(scale(x, xDomain, [f.left, f.right]));
  const py = (v: number) => f1(scale(v, yDomain, [f.bottom, f.top]));
  const lines = series.map((s) => {
    const shown = s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
    let d = '';
    for (const p of shown) d += `${d ? 'L' : 'M'}${px(p.x)},${py(p.y)}`;
    const dots = shown.length === 1 || shown.length <= dotsUpTo ? shown.map((p): [number, number] => [px(p.x), py(p.y)]) : [];
    return { d, dots };
  });
  // What the readout can read: the steps with a value to show.
  const xs = [...new Set(series.flatMap((s) => s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).map((p) => p.x)))].sort((a, b) => a - b);
  return { xDomain, yDomain, xTicks: xSpan ? roundTicks(xSpan[0], xSpan[1], 5, true) : [], yTicks, lines, xs, xPx: xs.map(px) };
}

/** The y of `series` measured at `x` (points ascend in x), or undefined. */
export function valueAt(series: PlotSeries, x: number): number | undefined {
  const pts = series.points;
  let lo = 0;
  let hi = pts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (pts[mid].x === x) return Number.isFinite(pts[mid].y) ? pts[mid].y : undefined;
    if (pts[mid].x < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** Rows a legend of these names takes at `width` (its entries wrap; each is a line, a gap and the name at 11 px). */
export function legendRows(names: string[], width: number): number {
  const CHAR = 6.5; // a generous average at 11 px, so the estimate errs towards one row more
  const ENTRY = 18 + 13; // the line and its gap before the name, the gap before the next entry
  let rows = 1;
  let used = 0;
  for (const name of names) {
    const w = ENTRY + name.length * CHAR;
    if (used > 0 && used + w > width) {
      rows++;
      used = 0;
    }
    used += w;
  }
  return rows;
}
