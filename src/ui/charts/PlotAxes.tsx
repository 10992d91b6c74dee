// A plot's axes: the two axis lines, tick labels, dashed grid lines at the ticks, and the axis titles.
import type { Frame } from './plot-frame';
import { f1, scale } from './plot-frame';
import { MARGIN, numTick } from './chart-style';

/** About half a character's width at the ticks' 10 px (digits and points). */
const CHAR_HALF_WIDTH = 3;

export interface AxesProps {
  f: Frame;
  xTicks: number[];
  yTicks: number[];
  xDomain: readonly [number, number];
  yDomain: readonly [number, number];
  xTitle: string;
  yTitle: string;
  xFormat?: (v: number) => string;
  yFormat?: (v: number) => string;
}

export function PlotAxes({ f, xTicks, yTicks, xDomain, yDomain, xTitle, yTitle, xFormat = String, yFormat = numTick }: AxesProps) {
  const xs = xTicks.map((t) => ({ t, x: f1(scale(t, xDomain, [f.left, f.right])) }));
  const ys = yTicks.map((t) => ({ t, y: f1(scale(t, yDomain, [f.bottom, f.top])) }));
  const grid = [...xs.map(({ x }) => `M${x},${f.top}V${f.bottom}`), ...ys.map(({ y }) => `M${f.left},${y}H${f.right}`)].join('');
  return (
    <g fontSize={10} fill="var(--fg-muted)">
      <path className="plot-grid" d={grid} fill="none" stroke="var(--grid)" strokeDasharray="3 3" />
      <path d={`M${f.left},${f.top}V${f.bottom}H${f.right}`} fill="none" stroke="var(--fg-muted)" />
      {ys.map(({ t, y }) => <text key={`y${t}`} x={f.left - 4} y={y} dy="0.355em" textAnchor="end">{yFormat(t)}</text>)}
      {xs.map(({ t, x }) => {
        // A label centred on a tick at the right edge would be cut off by the plot's edge: end it there instead.
        const label = xFormat(t);
        const cut = x + label.length * CHAR_HALF_WIDTH > f.width;
        return <text key={`x${t}`} x={cut ? f.width - 1 : x} y={f.bottom + 4} dy="0.71em" textAnchor={cut ? 'end' : 'middle'}>{label}</text>;
      })}
      <text x={(f.left + f.right) / 2} y={f.height - 2} textAnchor="middle" className="axis-title">{xTitle}</text>
      <text transform={`translate(${MARGIN.left + 9} ${(f.top + f.bottom) / 2}) rotate(-90)`} textAnchor="middle" className="axis-title">{yTitle}</text>
    </g>
  );
}
