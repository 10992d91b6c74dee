// @vitest-environment jsdom
// Every glossary entry opens from its term, every chart title renders with its symbol, and no text the studio
// shows carries a raw exponent or an exception's class name.
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG, type SampleArrays } from '../../protocol/train-types';
import { App } from '../App';
import { ChartBox } from '../charts/ChartBox';
import { CHART_WORDS, PART_WORDS, titleOf, type ChartWords } from '../charts/chart-words';
import { num } from '../common/format';
import { FakeEngine } from '../../store/testing/fake-engine';
import { evalResult, MODEL_INFO, SUMMARY } from '../../store/testing/fixtures';
import { renderWithStudio } from '../testing/render-studio';
import { GLOSSARY, TERM_IDS } from './glossary';
import { Term } from './Term';

beforeAll(() => {
  HTMLCanvasElement.prototype.getContext = (() => null) as never;
});

describe('glossary', () => {
  it.each(TERM_IDS)('opens the meaning of %s from its term and closes on Escape', async (id) => {
    render(<Term id={id} />);
    const entry = GLOSSARY[id];
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: `What is ${entry.term}?` }));
    const note = screen.getByRole('note', { name: `${entry.term}: ${entry.plain}` });
    expect(note.textContent).toContain(entry.text);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('note')).toBeNull();
  });

  it.each([...Object.values(PART_WORDS), ...Object.values(CHART_WORDS)].map((w: ChartWords) => [titleOf(w), w] as const))('renders the chart title "%s"', (title, w) => {
    render(<ChartBox title={title} plain={w.plain} symbol={w.symbol} term={w.term}>{() => <svg />}</ChartBox>);
    const figure = screen.getByRole('figure', { name: title });
    expect(within(figure).getByText(w.plain)).toBeTruthy();
    if (w.symbol) expect(figure.textContent).toContain(w.symbol);
    expect(within(figure).getByRole('button', { name: `Save ${title} as PNG` })).toBeTruthy();
  });
});

describe('numbers and messages for people', () => {
  it('formats tiny and huge values without exponents', () => {
    expect(num(5.0e-35)).toBe('~0');
    expect(num(-3e-9)).toBe('~0');
    expect(num(1e-5)).toBe('0.00001');
    expect(num(0.00042)).toBe('0.00042');
    expect(num(0.5)).toBe('0.500');
    expect(num(123456)).toBe('123,456');
  });

  it('shows no raw exponent and no exception class name anywhere in the studio', async () => {
    const e = new FakeEngine()
      .on('load-model', () => Promise.reject(Object.assign(new Error('HTTP 404 for config.json'), { name: 'HubError' })))
      .on('list-projects', () => []).on('list-presets', () => []).on('list-cached-models', () => []);
    const { studio, container } = renderWithStudio(<App />, e);
    await act(() => studio.bridge.loadModel({ kind: 'hub', repo: 'nobody/nothing' }));
    act(() => {
      studio.store.getState().modelLoaded(MODEL_INFO);
      studio.store.getState().applySummary(SUMMARY);
      studio.store.getState().runStarted('r1', DEFAULT_TRAIN_CONFIG);
      studio.store.getState().addEval('r1', evalResult(1, 0.8));
    });
    const tiny: SampleArrays = {
      ids: new Int32Array([0, 1]), ce: new Float32Array([5e-35, 2e-7]), kl: new Float32Array([1e-30, 3e-4]),
      w: new Float32Array([1e-20, 0.5]), ps: new Float32Array([1, 0.99]), pt: new Float32Array([5e-35, 0.2]),
    };
    for (let s = 0; s < 3; s++) {
      studio.metrics.getState().pushStep('r1', { step: s, epoch: 0, loss: 5e-35, means: { ce: 5e-35, kl: 2e-9, w: 1e-12, ps: 1, pt: 3e-5, kd: 1e-40 }, lrEncoder: 1e-5, lrHead: 1e-3 }, tiny);
    }
    await act(() => new Promise((r) => setTimeout(r, 700)));
    expect(screen.getByRole('figure', { name: 'Error on the labels (CE)' })).toBeTruthy();
    const text = container.textContent ?? '';
    expect(text).toContain('HTTP 404 for config.json');
    expect(text).not.toMatch(/\d(?:\.\d+)?e[-+]?\d+/i);
    expect(text).not.toMatch(/\b[A-Z][A-Za-z]*Error:/);
  });
});
