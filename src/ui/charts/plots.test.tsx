// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { downloads } from '../common/download';
import { BarPlot, countTicks } from './BarPlot';
import { ChartBox } from './ChartBox';
import { LinesPlot } from './LinesPlot';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const SERIES = [
  { name: 'val', colour: '#4e79a7', points: [{ x: 0, y: 0.5 }, { x: 10, y: 0.625 }, { x: 20, y: 0.75 }] },
  { name: 'train (end of run only)', colour: '#f28e2b', points: [{ x: 20, y: 0.875 }] },
];
const readout = (c: HTMLElement) => c.querySelector('.plot-readout')!;
const plot = () => screen.getByRole('img', { name: 'accuracy (%) by training step: point or use the arrow keys to read the values' });

describe('plots', () => {
  it('reads the values at the measured step under the pointer, and clears when it leaves', () => {
    const { container } = render(<LinesPlot width={300} height={200} series={SERIES} xTitle="training step" yTitle="accuracy (%)" y="percent" legend dotsUpTo={30} />);
    expect(readout(container).textContent).toBe('');
    // jsdom lays nothing out: the plot's box starts at 0, so clientX is the x inside the plot (56..292).
    fireEvent.pointerMove(plot(), { clientX: 280 });
    expect(readout(container).textContent).toBe('training step 20val: 75.0%train (end of run only): 87.5%');
    expect(container.querySelectorAll('.plot-readout-marks circle')).toHaveLength(2);
    fireEvent.pointerMove(plot(), { clientX: 150 });
    expect(readout(container).textContent).toBe('training step 10val: 62.5%');
    fireEvent.pointerLeave(plot());
    expect(readout(container).textContent).toBe('');
    expect(container.querySelector('.plot-readout-marks')).toBeNull();
    expect(Array.from(container.querySelectorAll('.plot-legend li'), (li) => li.textContent)).toEqual(['val', 'train (end of run only)']);
  });

  it('reads the values with the keyboard: arrows, Home, End, Escape', async () => {
    const { container } = render(<LinesPlot width={300} height={200} series={SERIES} xTitle="training step" yTitle="accuracy (%)" y="percent" />);
    const user = userEvent.setup();
    await user.tab();
    expect(document.activeElement).toBe(plot());
    await user.keyboard('{ArrowRight}');
    expect(readout(container).textContent).toBe('training step 0val: 50.0%');
    await user.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}');
    expect(readout(container).textContent).toMatch(/^training step 20/);
    await user.keyboard('{Home}');
    expect(readout(container).textContent).toMatch(/^training step 0/);
    await user.keyboard('{End}{ArrowLeft}');
    expect(readout(container).textContent).toMatch(/^training step 10/);
    await user.keyboard('{Escape}');
    expect(readout(container).textContent).toBe('');
  });

  it('reads a histogram bin: its range and its count', () => {
    const bins = Array.from({ length: 20 }, (_, i) => ({ from: i / 20, count: i === 8 ? 12 : 1 }));
    const { container } = render(<BarPlot width={300} height={200} bins={bins} fill="#59a14f" xTitle="w" yTitle="images" symbol="w" />);
    const bars = screen.getByRole('img', { name: 'images by w: point or use the arrow keys to read the values' });
    // Bin 8 of 20 sits at 56 + 8.5 * (236 / 20) = 156.3 px.
    fireEvent.pointerMove(bars, { clientX: 156 });
    expect(readout(container).textContent).toBe('w from 0.40 to 0.45images: 12');
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
        {() => <LinesPlot width={300} height={198} series={SERIES} xTitle="training step" yTitle="accuracy (%)" y="percent" legend dotsUpTo={30} />}
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
    expect(text).not.toContain('tabindex');
    expect(text).not.toContain('var(');
  });
});
