// Chart settings shared by the plots (the frame's margins and axis room, tick formats) and props shared by
// the recharts charts (the alpha sweep, a sample's history), made once: recharts 3 copies axis and chart
// settings into its own store whenever a prop changes identity, so an inline object or arrow re-dispatches
// (and re-renders) every time.
import type { CSSProperties, ReactElement } from 'react';
import { num, pct } from '../common/format';

export const MARGIN = { top: 6, right: 8, bottom: 0, left: 0 };
export const TOOLTIP_STYLE: CSSProperties = { background: 'var(--bg-raised)', border: '1px solid var(--border)' };
export const LEGEND_STYLE: CSSProperties = { fontSize: 11 };
export const DATA_DOMAIN: ['dataMin', 'dataMax'] = ['dataMin', 'dataMax'];
export const UNIT_DOMAIN: [number, number] = [0, 1];
export const UNIT_TICKS = [0, 0.25, 0.5, 0.75, 1];
export const pctTick = (v: number) => pct(v, 0);
export const pctValue = (v: unknown) => pct(Number(v));
/**
 * Tick labels with as many decimals as the step between the ticks has, trailing zeros dropped: ticks 0.0025
 * apart never print the same label twice, and 0, 0.25, 0.5 print as such. Never an exponent.
 */
export function stepTicks(ticks: readonly number[]): (v: number) => string {
  if (ticks.length < 2) return numTick;
  const step = String(Number(Math.abs(ticks[1] - ticks[0]).toPrecision(6)));
  const exp = /e-(\d+)$/.exec(step);
  const decimals = Math.min(12, exp ? Number(exp[1]) + (step.split('e')[0].split('.')[1]?.length ?? 0) : (step.split('.')[1]?.length ?? 0));
  return (v) => {
    const text = v.toFixed(decimals).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
    return Number(text) === 0 ? '0' : text;
  };
}
/** Axis ticks with two significant digits, so small ranges (a KL of 0.0025...0.0075) stay distinct; never an exponent. */
export const numTick = (v: number) => (v === 0 ? '0' : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) < 1e-3 ? num(v) : String(Number(v.toPrecision(2))));
interface ViewBox { x?: number; y?: number; width?: number; height?: number }

/** An axis title as one plain SVG text: recharts' own label measures its words in the DOM on every redraw. */
function AxisTitle({ axis, value, viewBox }: { axis: 'x' | 'y'; value: string; viewBox?: ViewBox }) {
  const { x = 0, y = 0, width = 0, height = 0 } = viewBox ?? {};
  return axis === 'x'
    ? <text x={x + width / 2} y={y + height - 2} textAnchor="middle" fontSize={10} fill="var(--fg-muted)" className="axis-title">{value}</text>
    : <text transform={`translate(${x + 9} ${y + height / 2}) rotate(-90)`} textAnchor="middle" fontSize={10} fill="var(--fg-muted)" className="axis-title">{value}</text>;
}

/** Axis titles: made once per text, so recharts sees the same element on every redraw. */
const axisLabels = new Map<string, ReactElement<SVGElement>>();
function axisLabel(axis: 'x' | 'y', value: string): ReactElement<SVGElement> {
  const k = `${axis}\u0000${value}`;
  if (!axisLabels.has(k)) axisLabels.set(k, (<AxisTitle axis={axis} value={value} />) as unknown as ReactElement<SVGElement>);
  return axisLabels.get(k)!;
}
export const xLabel = (value: string) => axisLabel('x', value);
export const yLabel = (value: string) => axisLabel('y', value);
/** Room for an axis title under the x ticks and beside the y ticks. */
export const X_AXIS_HEIGHT = 32;
export const Y_AXIS_WIDTH = 56;
export const numValue = (v: unknown) => num(Number(v));

interface TickProps {
  x?: number | string;
  y?: number | string;
  payload?: { value: unknown };
  index?: number;
  textAnchor?: 'start' | 'middle' | 'end' | 'inherit';
  verticalAnchor?: 'start' | 'middle' | 'end';
  fill?: string;
  className?: string;
  tickFormatter?: (value: unknown, index: number) => string;
}

const ANCHOR_DY = { start: '0.71em', middle: '0.355em', end: '0' };

/**
 * A plain SVG tick label. Recharts' own <Text> measures every word of every label in the DOM to wrap it
 * (a forced layout per new label); ours never wraps, so it measures nothing.
 */
export function axisTick({ x, y, payload, index = 0, textAnchor, verticalAnchor = 'end', fill, className, tickFormatter }: TickProps) {
  const value = payload?.value;
  return (
    <text x={x} y={y} dy={ANCHOR_DY[verticalAnchor]} textAnchor={textAnchor} fill={fill} fontSize={10} className={className}>
      {tickFormatter ? tickFormatter(value, index) : String(value)}
    </text>
  );
}
