// Charts as standalone files. SVG: the chart's own <svg> cloned with every colour, stroke and font inlined
// from the computed style (the page's CSS variables do not travel), under its title and over a legend.
// PNG: that SVG drawn on a canvas. Scatter plots are canvases: their PNG is the canvas, their SVG circles.
import type { ScatterData } from './ScatterCanvas';
import { colourOf } from './palette';

export interface SvgImage {
  text: string;
  width: number;
  height: number;
}

const NS = 'http://www.w3.org/2000/svg';
const FONT = 'system-ui, -apple-system, "Segoe UI", sans-serif';
const TITLE_H = 24;
const LEGEND_H = 20;
/** Style properties that decide how an SVG element looks. */
const PROPS = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'stroke-linecap', 'stroke-linejoin',
  'opacity', 'font-size', 'font-family', 'font-weight', 'text-anchor', 'dominant-baseline', 'visibility', 'display',
];

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The page's colours where the chart sits (the SVG file has no stylesheet). */
function pageColours(near: Element): { fg: string; bg: string } {
  const cs = getComputedStyle(near);
  let bg = 'rgb(255, 255, 255)';
  for (let n: Element | null = near; n; n = n.parentElement) {
    const c = getComputedStyle(n).backgroundColor;
    if (c && c !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(c)) {
      bg = c;
      break;
    }
  }
  return { fg: cs.color || '#222', bg };
}

function inlineStyles(from: Element, to: Element): void {
  const src = [from, ...Array.from(from.querySelectorAll('*'))];
  const dst = [to, ...Array.from(to.querySelectorAll('*'))];
  src.forEach((s, i) => {
    const d = dst[i] as SVGElement | undefined;
    if (!d?.style) return;
    const cs = getComputedStyle(s);
    for (const p of PROPS) {
      const v = cs.getPropertyValue(p);
      if (v) d.style.setProperty(p, v);
    }
    for (const a of Array.from(d.attributes)) if (a.value.includes('var(')) d.removeAttribute(a.name);
  });
}

function frame(width: number, height: number, title: string, near: Element): { root: SVGSVGElement; fg: string } {
  const { fg, bg } = pageColours(near);
  const root = el('svg', { xmlns: NS, width, height, viewBox: `0 0 ${width} ${height}`, 'font-family': FONT });
  root.append(el('rect', { x: 0, y: 0, width, height, fill: bg }));
  root.append(el('text', { x: 8, y: 16, 'font-size': 13, 'font-weight': 600, fill: fg }, title));
  return { root, fg };
}

const serialise = (root: SVGSVGElement, width: number, height: number): SvgImage =>
  ({ text: new XMLSerializer().serializeToString(root), width, height });

/** A legend entry: its name and colour, from a plot's legend (`data-colour`) or a recharts legend's icon. */
function legendEntry(item: Element): { name: string; colour: string } {
  const mark = item.querySelector('path, line, rect');
  const cs = mark ? getComputedStyle(mark) : null;
  const colour = [item.getAttribute('data-colour'), mark?.getAttribute('stroke'), mark?.getAttribute('fill'), cs?.stroke, cs?.fill]
    .find((c) => c && c !== 'none' && !c.includes('var(')) ?? '#888';
  return { name: item.textContent?.trim() ?? '', colour };
}

/** The chart inside `body` (a plot or a recharts chart) as a standalone SVG, or null when nothing is drawn yet. */
export function chartSvg(body: HTMLElement, title: string): SvgImage | null {
  // The legend's icons are small recharts surfaces too, and may come first: take the chart's own.
  const src = Array.from(body.querySelectorAll('svg')).find((s) => !s.closest('.recharts-legend-wrapper, .recharts-legend-item'));
  if (!src) return null;
  const w = Number(src.getAttribute('width')) || src.clientWidth || 360;
  const h = Number(src.getAttribute('height')) || src.clientHeight || 200;
  const legend = Array.from(body.querySelectorAll('.recharts-legend-item, .plot-legend li')).map(legendEntry);
  const height = TITLE_H + h + (legend.length ? LEGEND_H : 0);
  const { root, fg } = frame(w, height, title, body);
  const clone = src.cloneNode(true) as SVGSVGElement;
  inlineStyles(src, clone);
  clone.setAttribute('x', '0');
  clone.setAttribute('y', String(TITLE_H));
  clone.setAttribute('width', String(w));
  clone.setAttribute('height', String(h));
  clone.removeAttribute('style');
  // What the reader is pointing at is not part of the figure.
  for (const mark of Array.from(clone.querySelectorAll('.plot-readout-marks'))) mark.remove();
  for (const a of Array.from(clone.attributes)) if (a.name === 'tabindex' || a.name === 'role' || a.name.startsWith('aria-')) clone.removeAttribute(a.name);
  root.append(clone);
  let x = 10;
  for (const { name, colour } of legend) {
    const y = TITLE_H + h + 12;
    root.append(el('rect', { x, y: y - 8, width: 10, height: 10, fill: colour }));
    root.append(el('text', { x: x + 14, y: y + 1, 'font-size': 11, fill: fg }, name));
    x += 24 + name.length * 6.5;
  }
  return serialise(root, w, height);
}

const PAD = { l: 40, r: 10, t: 8, b: 30 };
const tick = (v: number) => (v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(2));

/** A scatter plot as SVG circles, on the same axes as the canvas. */
export function scatterSvg(o: {
  title: string; data: ScatterData; xLabel: string; yLabel: string; xMax: number; yMax: number; width: number; height: number; near: Element;
}): SvgImage {
  const { data, xMax, yMax, width, height: h } = o;
  const height = TITLE_H + h;
  const { root, fg } = frame(width, height, o.title, o.near);
  const g = el('g', { transform: `translate(0 ${TITLE_H})`, 'font-size': 11, fill: fg });
  const pw = width - PAD.l - PAD.r;
  const ph = h - PAD.t - PAD.b;
  g.append(el('rect', { x: PAD.l, y: PAD.t, width: pw, height: ph, fill: 'none', stroke: fg, 'stroke-opacity': 0.5 }));
  for (let t = 0; t <= 4; t++) {
    g.append(el('text', { x: PAD.l + (t / 4) * pw, y: h - PAD.b + 13, 'text-anchor': 'middle' }, tick((t / 4) * xMax)));
    g.append(el('text', { x: PAD.l - 4, y: PAD.t + ph - (t / 4) * ph + 4, 'text-anchor': 'end' }, tick((t / 4) * yMax)));
  }
  g.append(el('text', { x: PAD.l + pw / 2, y: h - 3, 'text-anchor': 'middle' }, o.xLabel));
  g.append(el('text', { x: 0, y: 0, 'text-anchor': 'middle', transform: `translate(10 ${PAD.t + ph / 2}) rotate(-90)` }, o.yLabel));
  const r = data.count > 2000 ? 1.5 : 2.5;
  const points = el('g', { 'fill-opacity': data.count > 2000 ? 0.35 : 0.7 });
  for (let i = 0; i < data.count; i++) {
    const x = data.x[i];
    const y = data.y[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const cx = PAD.l + Math.min(1, x / xMax) * pw;
    const cy = PAD.t + ph - Math.min(1, y / yMax) * ph;
    points.append(el('circle', { cx: cx.toFixed(1), cy: cy.toFixed(1), r, fill: colourOf(data.colour[i]) }));
  }
  g.append(points);
  root.append(g);
  return serialise(root, width, height);
}

function canvasBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode the PNG'))), 'image/png'));
}

/** The SVG drawn at `scale` on a canvas (a data URL: the image never leaves the page). */
export async function svgToPng(svg: SvgImage, scale = 2): Promise<Blob> {
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg.text)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(svg.width * scale);
  canvas.height = Math.round(svg.height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0, svg.width, svg.height);
  return canvasBlob(canvas);
}

/** A drawn canvas as PNG, on the page's background (the canvas itself is transparent). */
export function canvasPng(canvas: HTMLCanvasElement): Promise<Blob> {
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height;
  const ctx = out.getContext('2d');
  if (!ctx) return canvasBlob(canvas);
  ctx.fillStyle = pageColours(canvas).bg;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(canvas, 0, 0);
  return canvasBlob(out);
}
