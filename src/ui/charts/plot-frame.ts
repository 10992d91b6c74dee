// The geometry the studio's SVG plots share: the drawing frame inside a chart's box (room for the ticks and
// axis titles), a linear scale, pixel rounding, and the measured x nearest to a pointer.
import { MARGIN, X_AXIS_HEIGHT, Y_AXIS_WIDTH } from './chart-style';

export interface Point { x: number; y: number }

export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export function frameOf(width: number, height: number): Frame {
  return { width, height, left: MARGIN.left + Y_AXIS_WIDTH, right: width - MARGIN.right, top: MARGIN.top, bottom: height - X_AXIS_HEIGHT };
}

/** `v` from the range [a, b] to [p, q]; a range of one value maps to the middle. */
export const scale = (v: number, [a, b]: readonly [number, number], [p, q]: readonly [number, number]): number =>
  (b === a ? (p + q) / 2 : p + ((v - a) / (b - a)) * (q - p));

/** A pixel coordinate to a tenth: shorter paths, no visible difference. */
export const f1 = (v: number): number => Math.round(v * 10) / 10;

/** Index of the value in ascending `xs` nearest to `x`; -1 when there is none. */
export function nearestIndex(xs: readonly number[], x: number): number {
  if (xs.length === 0) return -1;
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && x - xs[lo - 1] <= xs[lo] - x ? lo - 1 : lo;
}
