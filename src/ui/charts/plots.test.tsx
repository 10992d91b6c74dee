// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { downloads } from '../common/download';
import { BarPlot, countTicks } from './BarPlot';
import { ChartBox } from './ChartBox';
import { LinesPlot, type PlotSeries } from './LinesPlot';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const SERIES = [
  { name: 'val', colour: '#4e79a7', points: [{ x: 0, y: 0.5 }, { x: 10, y: 0.625 }, { x: 20, y: 0.75 }] },
  { name: 'train (end of run only)', colour: '#f28e2b', points: [{ x: 20, y: 0.875 }] },
];
const readout = (c: HTMLElement) => c.querySelector('.plot-readout')?.textContent ?? null;
const plot = () => screen.getByRole('slider', { name: 'accuracy (%) by training step: point or use the arrow keys to read the values' });
const accuracy = (series: PlotSeries[]) => <LinesPlot width={300} height={200} series={series} xTitle="training step" yTitle="accuracy (%)" y="percent" legend dotsUpTo={30} />;

describe('plots', () => {
  it('reads the values at the measured step under the pointer, and clears when it leaves', () => {
    const { container } = render(accuracy(SERIES));
    expect(readout(container)).toBeNull();
    // jsdom lays nothing out: the plot's box starts at 0 and has no size, so clientX is the x inside the plot.
    fireEvent.pointerMove(plot(), { clientX: 280 });
    expect(readout(container)).toBe('training step 20val: 75.0%train (end of run only): 87.5%');
    expect(plot().getAttribute('aria-valuetext')).toBe('training step 20: val 75.0%, train (end of run only) 87.5%');
    expect(container.querySelectorAll('.plot-readout-marks circle')).toHaveLength(2);
    fireEvent.pointerMove(plot(), { clientX: 150 });
    expect(readout(container)).toBe('training step 10val: 62.5%');
    fireEvent.pointerLeave(plot());
    expect(readout(container)).toBeNull();
    expect(plot().getAttribute('aria-valuetext')).toBe('no step picked');
    expect(container.querySelector('.plot-readout-marks')).toBeNull();
    // A tap picks too.
    fireEvent.pointerDown(plot(), { clientX: 60 });
    expect(readout(container)).toBe('training step 0val: 50.0%');
    expect(Array.from(container.querySelectorAll('.plot-legend li'), (li) => li.textContent)).toEqual(['val', 'train (end of run only)']);
  });

  it('reads the values with the keyboard: arrows, Home, End, Escape', async () => {
    const { container } = render(accuracy(SERIES));
    const user = userEvent.setup();
    await user.tab();
    expect(document.activeElement).toBe(plot());
    await user.keyboard('{ArrowRight}');
    expect(readout(container)).toBe('training step 0val: 50.0%');
    await user.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}');
    expect(readout(container)).toMatch(/^training step 20/);
    await user.keyboard('{Home}');
    expect(readout(container)).toMatch(/^training step 0/);
    await user.keyboard('{End}{ArrowLeft}');
    expect(readout(container)).toMatch(/^training step 10/);
    await user.keyboard('{Escape}');
    expect(readout(container)).toBeNull();
    // With nothing picked, Escape is left to the page (a popover around the plot); modified arrows to the browser.
    const escape = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
    plot().dispatchEvent(escape);
    expect(escape.defaultPrevented).toBe(false);
    const back = new KeyboardEvent('keydown', { key: 'ArrowLeft', altKey: true, bubbles: true, cancelable: true });
    plot().dispatchEvent(back);
    expect(back.defaultPrevented).toBe(false);
  });

  it('keeps a pick on its step as points arrive, and End on the latest point', async () => {
    const { container, rerender } = render(accuracy(SERIES));
    fireEvent.pointerMove(plot(), { clientX: 174 }); // step 10
    expect(readout(container)).toMatch(/^training step 10/);
    const more = [{ ...SERIES[0], points: [...SERIES[0].points.slice(0, 1), { x: 5, y: 0.55 }, ...SERIES[0].points.slice(1), { x: 30, y: 0.8 }] }];
    rerender(accuracy(more));
    expect(readout(container)).toBe('training step 10val: 62.5%');
    act(() => plot().focus());
    await userEvent.setup().keyboard('{End}');
    expect(readout(container)).toBe('training step 30val: 80.0%');
    rerender(accuracy([{ ...more[0], points: [...more[0].points, { x: 40, y: 0.9 }] }]));
    expect(readout(container)).toBe('training step 40val: 90.0%');
  });

  it('labels a flat line and a single point with distinct ticks, and reads no step that has no value', () => {
    const { container } = render(<LinesPlot width={300} height={160} series={[{ name: 'kl', colour: '#000', points: [{ x: 0, y: 3 }, { x: 1, y: 3 }, { x: 2, y: NaN }] }]} xTitle="training step" yTitle="KL" y="auto" />);
    const yLabels = Array.from(container.querySelectorAll('text[text-anchor="end"]'), (t) => t.textContent);
    expect(new Set(yLabels).size).toBe(yLabels.length);
    expect(yLabels.length).toBeGreaterThanOrEqual(3);
    fireEvent.pointerMove(screen.getByRole('slider'), { clientX: 999 });
    expect(readout(container)).toBe('training step 1kl: 3.000');
    cleanup();
    const one = render(<LinesPlot width={300} height={160} series={[{ name: 'ce', colour: '#000', points: [{ x: 0, y: 0.3 }] }]} xTitle="training step" yTitle="CE" y="auto" />);
    const labels = Array.from(one.container.querySelectorAll('text[text-anchor="end"]'), (t) => t.textContent);
    expect(labels).toEqual(['0.28', '0.3', '0.32']);
  });

  it('gives a long legend the rows it needs, out of the plot’s height', () => {
    const names = ['#1 proreg · last-1', '#2 finetune · last-1', '#3 flyp · last-1', '#4 proreg · full', '#5 coop'];
    const { container } = render(<LinesPlot width={300} height={220} series={names.map((name) => ({ name, colour: '#000', points: [{ x: 0, y: 0.5 }] }))} xTitle="training step" yTitle="accuracy (%)" y="percent" legend />);
    const legend = container.querySelector<HTMLElement>('.plot-legend')!;
    const svg = container.querySelector('svg')!;
    expect(legend.querySelectorAll('li')).toHaveLength(5);
    expect(parseInt(legend.style.height, 10)).toBeGreaterThanOrEqual(54);
    expect(Number(svg.getAttribute('height')) + parseInt(legend.style.height, 10)).toBe(220);
  });

  it('puts the reference level’s label under its line where the line runs along the top', () => {
    const { container } = render(<LinesPlot width={300} height={200} series={SERIES} xTitle="training step" yTitle="accuracy (%)" y="percent" reference={{ y: 0.99, label: 'zero-shot' }} />);
    const label = Array.from(container.querySelectorAll('text')).find((t) => t.textContent === 'zero-shot')!;
    expect(Number(label.getAttribute('y'))).toBeGreaterThan(10);
  });

  it('reads a histogram bin: its range and its count', () => {
    const bins = Array.from({ length: 20 }, (_, i) => ({ from: i / 20, count: i === 8 ? 12 : 1 }));
    const { container } = render(<BarPlot width={300} height={200} bins={bins} fill="#59a14f" xTitle="w" yTitle="images" symbol="w" />);
    const bars = screen.getByRole('slider', { name: 'images by w: point or use the arrow keys to read the values' });
    // Bin 8 of 20 sits at 56 + 8.5 * (236 / 20) = 156.3 px.
    fireEvent.pointerMove(bars, { clientX: 156 });
    expect(readout(container)).toBe('w from 0.40 to 0.45images: 12');
    expect(bars.getAttribute('aria-valuetext')).toBe('w from 0.40 to 0.45: images 12');
    // The last label sits at the plot's right edge: it ends there rather than being cut in half.
    const last = Array.from(container.querySelectorAll('text')).find((t) => t.textContent === '1.00')!;
    expect([last.getAttribute('x'), last.getAttribute('text-anchor')]).toEqual(['299', 'end']);
    const first = Array.from(container.querySelectorAll('text')).find((t) => t.textContent === '0.00')!;
    expect([first.getAttribute('x'), first.getAttribute('text-anchor')]).toEqual(['56', 'middle']);
  });

  it('ends the count axis at or above the tallest bar', () => {
    expect(countTicks(31)).toEqual([0, 10, 20, 30, 40]);
    expect(countTicks(30)).toEqual([0, 10, 20, 30]);
    expect(countTicks(0)).toEqual([0, 1]);
    expect(countTicks(3)).toEqual([0, 1, 2, 3]);
  });

  it('saves the plot with its legend as SVG, without what the reader points at', async () => {
    const save = vi.spyOn(downloads, 'save').mockImplementation(() => {});
    render(
      <ChartBox title="Accuracy per split">
        {() => accuracy(SERIES)}
      </ChartBox>,
    );
    fireEvent.pointerMove(plot(), { clientX: 280 });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Save Accuracy per split as SVG' }));
    const text = await save.mock.calls[0][0].text();
    expect(text).toContain('class="line-curve"');
    expect(text).toContain('>Accuracy per split</text>');
    expect(text).toMatch(/<rect [^>]*fill="#4e79a7"[^>]*\/><text [^>]*>val<\/text>/);
    expect(text).toContain('>train (end of run only)</text>');
    expect(text).not.toContain('plot-readout-marks');
    expect(text).not.toMatch(/tabindex|aria-|role=/);
    expect(text).not.toContain('var(');
  });
});
