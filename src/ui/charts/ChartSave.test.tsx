// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { downloads } from '../common/download';
import { scatterSvg } from './chart-export';
import { ChartBox } from './ChartBox';

afterEach(() => vi.restoreAllMocks());

describe('chart export', () => {
  it('saves a chart as a standalone SVG with its title and no CSS variables', async () => {
    const save = vi.spyOn(downloads, 'save').mockImplementation(() => {});
    render(
      <ChartBox title="mean ce">
        {() => (
          <svg className="recharts-surface" width={120} height={60}>
            <path d="M0 0L10 10" stroke="var(--fg-muted)" fill="none" />
            <text x={1} y={2}>0.5</text>
          </svg>
        )}
      </ChartBox>,
    );
    expect(screen.getByRole('button', { name: 'Save mean ce as PNG' })).toBeTruthy();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Save mean ce as SVG' }));
    const [blob, name] = save.mock.calls[0];
    expect(name).toBe('mean-ce.svg');
    const text = await blob.text();
    expect(text).toMatch(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(text).toContain('>mean ce</text>');
    expect(text).toContain('d="M0 0L10 10"');
    expect(text).not.toContain('var(');
  });

  it('draws a scatter plot as circles, skipping points that are not finite', () => {
    const data = { x: new Float32Array([0.1, 0.5, NaN]), y: new Float32Array([0.2, 0.9, 0.3]), colour: new Int32Array([0, 1, 0]), count: 3 };
    const svg = scatterSvg({ title: 'w against zero-shot p(y)', data, xLabel: 'p', yLabel: 'w', xMax: 1, yMax: 1, width: 300, height: 200, near: document.body });
    expect(svg.text.match(/<circle /g)).toHaveLength(2);
    expect(svg.height).toBeGreaterThan(200);
  });

  it('saves the chart itself when its legend\'s icons come first in the page', async () => {
    const save = vi.spyOn(downloads, 'save').mockImplementation(() => {});
    render(
      <ChartBox title="Accuracy per split">
        {() => (
          <div className="recharts-wrapper">
            <div className="recharts-legend-wrapper">
              <ul><li className="recharts-legend-item"><svg className="recharts-surface" width={14} height={14}><path d="M0 7h14" stroke="#4e79a7" /></svg><span>test</span></li></ul>
            </div>
            <svg className="recharts-surface" width={300} height={200}><path d="M10 190L290 10" stroke="#4e79a7" fill="none" /></svg>
          </div>
        )}
      </ChartBox>,
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'Save Accuracy per split as SVG' }));
    const text = await save.mock.calls[0][0].text();
    expect(text).toContain('d="M10 190L290 10"');
    expect(text).toMatch(/<svg[^>]* width="300" height="244"/);
    expect(text).toContain('>test</text>');
  });
});
