// What a chart draws while its run trains: the same axes, ticks, titles and line (or bars) as the recharts
// chart it stands in for, as one plain SVG that React updates in place (a path's `d`, a few tick labels).
// A recharts redraw runs its own store, selectors and effects and rewrites dozens of nodes, ~30 ms per chart
// on a busy 2-core machine, twice a second for every chart; this takes well under 1 ms. When the run ends
// the recharts chart (grid, tooltip) comes back.
import { memo, useMemo } from 'react';
import { roundTicks } from './chart-data';
import { MARGIN, numTick, X_AXIS_HEIGHT, Y_AXIS_WIDTH } from './chart-style';

type Point = { x: number; y: number };

interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

function frameOf(width: number, height: number): Frame {
  return { width, height, left: MARGIN.left + Y_AXIS_WIDTH, right: width - MARGIN.right, top: MARGIN.top, bottom: height - X_AXIS_HEIGHT };
}

const scale = (v: number, [a, b]: readonly [number, number], [p, q]: readonly [number, number]) => (b === a ? (p + q) / 2 : p + ((v - a) / (b - a)) * (q - p));
const f1 = (v: number) => Math.round(v * 10) / 10;

function Axes({ f, xTicks, yTicks, xDomain, yDomain, xTitle, yTitle, xFormat, yFormat = numTick }: {
  f: Frame; xTicks: number[]; yTicks: number[]; xDomain: [number, number]; yDomain: [number, number]; xTitle: string; yTitle: string; xFormat: (v: number) => string; yFormat?: (v: number) => string;
}) {
  return (
    <g fontSize={10} fill="var(--fg-muted)">
      <path d={`M${f.left},${f.top}V${f.bottom}H${f.right}`} fill="none" stroke="var(--fg-muted)" />
      {yTicks.map((t) => {
        const y = f1(scale(t, yDomain, [f.bottom, f.top]));
        return <text key={`y${t}`} x={f.left - 4} y={y} dy="0.355em" textAnchor="end">{yFormat(t)}</text>;
      })}
      {xTicks.map((t) => {
        const x = f1(scale(t, xDomain, [f.left, f.right]));
        return <text key={`x${t}`} x={x} y={f.bottom + 4} dy="0.71em" textAnchor="middle">{xFormat(t)}</text>;
      })}
      <text x={(f.left + f.right) / 2} y={f.height - 2} textAnchor="middle" className="axis-title">{xTitle}</text>
      <text transform={`translate(${MARGIN.left + 9} ${(f.top + f.bottom) / 2}) rotate(-90)`} textAnchor="middle" className="axis-title">{yTitle}</text>
    </g>
  );
}

/** A line over training steps; `unit` fixes the y axis to [0, 1], else it spans the data. */
export const LiveLine = memo(function LiveLine({ width, height, points, colour, unit, xTitle, yTitle }: {
  width: number; height: number; points: Point[]; colour: string; unit: boolean; xTitle: string; yTitle: string;
}) {
  const f = frameOf(width, height);
  const { d, xTicks, yTicks, xDomain, yDomain } = useMemo(() => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const p of points) {
      if (!Number.isFinite(p.y)) continue;
      lo = Math.min(lo, p.y);
      hi = Math.max(hi, p.y);
    }
    // A flat line (a term that does not move, or moves by a few ulps) gets a small band around it.
    const pad = Math.max(Math.abs(hi), 1e-6) * 1e-3;
    if (Number.isFinite(lo) && hi - lo < pad) {
      lo -= pad;
      hi += pad;
    }
    const yTicks = unit ? [0, 0.25, 0.5, 0.75, 1] : Number.isFinite(lo) ? roundTicks(lo, hi, 5) : [];
    const yDomain: [number, number] = unit ? [0, 1] : yTicks.length ? [Math.min(lo, yTicks[0]), Math.max(hi, yTicks[yTicks.length - 1])] : [0, 1];
    const xDomain: [number, number] = points.length ? [points[0].x, points[points.length - 1].x] : [0, 1];
    let path = '';
    for (const p of points) {
      if (!Number.isFinite(p.y)) continue;
      path += `${path ? 'L' : 'M'}${f1(scale(p.x, xDomain, [f.left, f.right]))},${f1(scale(p.y, yDomain, [f.bottom, f.top]))}`;
    }
    return { d: path, xTicks: points.length ? roundTicks(xDomain[0], xDomain[1], 5, true) : [], yTicks, xDomain, yDomain };
  }, [points, unit, f.left, f.right, f.top, f.bottom]);
  return (
    <svg width={width} height={height} className="live-plot" role="presentation">
      <Axes f={f} xTicks={xTicks} yTicks={yTicks} xDomain={xDomain} yDomain={yDomain} xTitle={xTitle} yTitle={yTitle} xFormat={String} />
      <path className="line-curve" d={d} fill="none" stroke={colour} strokeWidth={1.5} />
    </svg>
  );
});

/** Bars of counts over equal bins of [0, 1] (the w histogram), labelled every 0.2. */
export const LiveBars = memo(function LiveBars({ width, height, bins, fill, xTitle, yTitle }: {
  width: number; height: number; bins: { from: number; count: number }[]; fill: string; xTitle: string; yTitle: string;
}) {
  const f = frameOf(width, height);
  const yTicks = useMemo(() => roundTicks(0, Math.max(1, ...bins.map((b) => b.count)), 5, true), [bins]);
  const top = yTicks[yTicks.length - 1] ?? 1;
  const slot = (f.right - f.left) / Math.max(1, bins.length);
  return (
    <svg width={width} height={height} className="live-plot" role="presentation">
      <Axes f={f} xTicks={[0, 0.2, 0.4, 0.6, 0.8]} yTicks={yTicks} xDomain={[0, 1]} yDomain={[0, top]} xTitle={xTitle} yTitle={yTitle} xFormat={(v) => v.toFixed(2)} />
      {bins.map((b, i) => {
        const h = scale(b.count, [0, top], [0, f.bottom - f.top]);
        return <rect key={i} x={f1(f.left + i * slot + slot * 0.1)} y={f1(f.bottom - h)} width={f1(slot * 0.8)} height={f1(h)} fill={fill} />;
      })}
    </svg>
  );
});

/** The legend's height under LiveLines (the space recharts' legend takes inside a chart's height). */
export const LEGEND_HEIGHT = 22;

export interface LiveSeries { name: string; colour: string; dashed?: boolean; points: Point[] }

/**
 * Several lines over training steps on a [0, 1] axis shown as percentages (accuracy per split, per run), with
 * a legend of their names: what the accuracy charts draw while a run trains (straight segments between the
 * measured points, a point measured alone as a dot). `reference` draws a dashed level with its label.
 */
export const LiveLines = memo(function LiveLines({ width, height, series, xTitle, yTitle, reference }: {
  width: number; height: number; series: LiveSeries[]; xTitle: string; yTitle: string; reference?: { y: number; label: string };
}) {
  const f = frameOf(width, height);
  const { paths, xTicks, xDomain } = useMemo(() => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const l of series) for (const p of l.points) {
      lo = Math.min(lo, p.x);
      hi = Math.max(hi, p.x);
    }
    const xDomain: [number, number] = Number.isFinite(lo) ? [lo, hi] : [0, 1];
    const at = (p: Point) => `${f1(scale(p.x, xDomain, [f.left, f.right]))},${f1(scale(p.y, [0, 1], [f.bottom, f.top]))}`;
    const paths = series.map((l) => {
      const shown = l.points.filter((p) => Number.isFinite(p.y));
      return { ...l, d: shown.map((p, i) => `${i ? 'L' : 'M'}${at(p)}`).join(''), dot: shown.length === 1 ? at(shown[0]).split(',').map(Number) : null };
    });
    return { paths, xTicks: Number.isFinite(lo) ? roundTicks(lo, hi, 5, true) : [], xDomain };
  }, [series, f.left, f.right, f.top, f.bottom]);
  const refY = reference ? f1(scale(reference.y, [0, 1], [f.bottom, f.top])) : 0;
  return (
    <div className="live-lines">
      <svg width={width} height={height} className="live-plot" role="presentation">
        <Axes f={f} xTicks={xTicks} yTicks={[0, 0.25, 0.5, 0.75, 1]} xDomain={xDomain} yDomain={[0, 1]} xTitle={xTitle} yTitle={yTitle} xFormat={String} yFormat={(v) => `${Math.round(v * 100)}%`} />
        {reference && (
          <g>
            <path d={`M${f.left},${refY}H${f.right}`} stroke="var(--fg-muted)" strokeDasharray="4 3" />
            <text x={f.right - 2} y={refY - 3} textAnchor="end" fontSize={10} fill="var(--fg-muted)">{reference.label}</text>
          </g>
        )}
        {paths.map((l, i) => (
          <g key={i}>
            <path className="line-curve" d={l.d} fill="none" stroke={l.colour} strokeWidth={1.5} strokeDasharray={l.dashed ? '4 3' : undefined} />
            {l.dot && <circle cx={l.dot[0]} cy={l.dot[1]} r={3} fill={l.colour} />}
          </g>
        ))}
      </svg>
      <ul className="live-legend">
        {series.map((l, i) => <li key={i}><span className="swatch" style={{ borderTop: `2px ${l.dashed ? 'dashed' : 'solid'} ${l.colour}` }} />{l.name}</li>)}
      </ul>
    </div>
  );
});
