// A scatter plot of thousands of points drawn on a canvas (SVG would stall), with axes, a legend and
// click-to-pick the nearest point. Reads typed arrays directly.
import { useCallback, useEffect, useRef } from 'react';
import { useMeasuredWidth } from '../common/use-width';
import { canvasPng, scatterSvg } from './chart-export';
import { ChartSave } from './ChartSave';
import { colourOf } from './palette';
import { numTick } from './chart-style';

export interface ScatterData {
  x: Float32Array;
  y: Float32Array;
  /** Colour index per point (-1 = grey). */
  colour: Int32Array;
  count: number;
}

const PAD = { l: 40, r: 10, t: 8, b: 30 };

export function niceMax(values: Float32Array, count: number, floor = 1e-3): number {
  let m = floor;
  for (let i = 0; i < count; i++) if (Number.isFinite(values[i]) && values[i] > m) m = values[i];
  return m * 1.05;
}

export function ScatterCanvas({ label, data, xLabel, yLabel, xMax, yMax, height = 220, onPick }: {
  label: string; data: ScatterData; xLabel: string; yLabel: string; xMax: number; yMax: number; height?: number; onPick?: (index: number) => void;
}) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const measured = useMeasuredWidth(wrap, 360);
  const width = measured ?? 360;

  useEffect(() => {
    const el = canvas.current;
    const ctx = measured === null ? null : el?.getContext('2d');
    if (!el || !ctx) return;
    const dpr = typeof devicePixelRatio === 'number' ? devicePixelRatio : 1;
    el.width = Math.round(width * dpr);
    el.height = Math.round(height * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const style = getComputedStyle(el);
    const fg = style.getPropertyValue('--fg-muted').trim() || '#888';
    const pw = width - PAD.l - PAD.r;
    const ph = height - PAD.t - PAD.b;
    // axes and ticks
    ctx.strokeStyle = fg;
    ctx.fillStyle = fg;
    ctx.globalAlpha = 0.5;
    ctx.strokeRect(PAD.l, PAD.t, pw, ph);
    ctx.globalAlpha = 1;
    ctx.font = '11px system-ui, sans-serif';
    for (let t = 0; t <= 4; t++) {
      const fx = (t / 4) * xMax;
      const fy = (t / 4) * yMax;
      ctx.textAlign = 'center';
      ctx.fillText(fmtTick(fx), PAD.l + (t / 4) * pw, height - PAD.b + 13);
      ctx.textAlign = 'right';
      ctx.fillText(fmtTick(fy), PAD.l - 4, PAD.t + ph - (t / 4) * ph + 4);
    }
    ctx.textAlign = 'center';
    ctx.fillText(xLabel, PAD.l + pw / 2, height - 3);
    ctx.save();
    ctx.translate(10, PAD.t + ph / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(yLabel, 0, 0);
    ctx.restore();
    // points: translucent so density shows
    ctx.globalAlpha = data.count > 2000 ? 0.35 : 0.7;
    const r = data.count > 2000 ? 1.5 : 2.5;
    for (let i = 0; i < data.count; i++) {
      const x = data.x[i];
      const y = data.y[i];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      ctx.fillStyle = colourOf(data.colour[i]);
      ctx.beginPath();
      ctx.arc(PAD.l + Math.min(1, x / xMax) * pw, PAD.t + ph - Math.min(1, y / yMax) * ph, r, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.globalAlpha = 1;
  }, [data, measured, width, height, xMax, yMax, xLabel, yLabel]);

  const pick = (e: React.MouseEvent<HTMLCanvasElement>) => {
    if (!onPick) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const pw = width - PAD.l - PAD.r;
    const ph = height - PAD.t - PAD.b;
    const mx = e.clientX - rect.left;
    const my = e.clientY - rect.top;
    let best = -1;
    let bestD = 64; // within 8 px
    for (let i = 0; i < data.count; i++) {
      const dx = PAD.l + Math.min(1, data.x[i] / xMax) * pw - mx;
      const dy = PAD.t + ph - Math.min(1, data.y[i] / yMax) * ph - my;
      const d = dx * dx + dy * dy;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    if (best >= 0) onPick(best);
  };

  // Read at click time: the latest data, not the data of the render that made the callback.
  const latest = useRef({ data, xMax, yMax, xLabel, yLabel, width, height });
  latest.current = { data, xMax, yMax, xLabel, yLabel, width, height };
  const svg = useCallback(() => (canvas.current ? scatterSvg({ title: label, near: canvas.current, ...latest.current }) : null), [label]);
  const png = useCallback(async () => (canvas.current ? canvasPng(canvas.current) : null), []);

  return (
    <div ref={wrap} className="scatter">
      <ChartSave title={label} svg={svg} png={png} />
      <canvas ref={canvas} role="img" aria-label={`${label}: ${data.count} samples`} style={{ width: '100%', height }} onClick={pick} />
    </div>
  );
}

function fmtTick(v: number): string {
  return numTick(v);
}
