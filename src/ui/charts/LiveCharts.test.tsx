// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_METHOD_OPTIONS, DEFAULT_TRAIN_CONFIG, type SampleArrays } from '../../protocol/train-types';
import { evalResult, SUMMARY } from '../../store/testing/fixtures';
import { MAX_POINTS } from '../../store/metrics-store';
import { renderWithStudio } from '../testing/render-studio';
import { LiveCharts } from './LiveCharts';

beforeAll(() => {
  // jsdom has no canvas: the scatter draws nothing but still labels itself.
  HTMLCanvasElement.prototype.getContext = (() => null) as never;
});

const arrays = (ids: number[]): SampleArrays => ({
  ids: new Int32Array(ids), ce: new Float32Array(ids.map(() => 0.5)), kl: new Float32Array(ids.map(() => 0.1)),
  w: new Float32Array(ids.map((i) => (i % 10) / 10)), ps: new Float32Array(ids.map(() => 0.6)), pt: new Float32Array(ids.map(() => 0.9)),
});

describe('Live charts', () => {
  it('has an empty state before any run', () => {
    renderWithStudio(<LiveCharts />);
    expect(within(screen.getByRole('region', { name: 'Live charts' })).getByText(/Start a training run/)).toBeTruthy();
  });

  it('renders points pushed into the metrics store, one chart per part name, throttled', async () => {
    const { studio } = renderWithStudio(<LiveCharts />);
    act(() => {
      studio.store.getState().applySummary(SUMMARY);
      studio.store.getState().runStarted('r1', DEFAULT_TRAIN_CONFIG);
    });
    const push = studio.metrics.getState().pushStep;
    for (let s = 0; s < 2000; s++) {
      push('r1', { step: s, epoch: 0, loss: 1, means: { ce: 1 / (s + 1), kl: 0.01 * s, w: 0.5, novel_term: 3 + (s % 2) * 4.4e-16 }, lrEncoder: 1e-5, lrHead: 1e-3 }, arrays([s % 4]));
    }
    act(() => studio.store.getState().addEval('r1', evalResult(1000, 0.8)));
    // the frame hook reads the store on a timer + animation frame, not per event
    await act(() => new Promise((r) => setTimeout(r, 400)));
    const region = screen.getByRole('region', { name: 'Live charts' });
    const titles = ['Error on the labels (CE)', 'Distance from the prompt’s guess (KL)', 'How much each image trusts the prompt (w)', 'Mean novel_term', 'Total training loss'];
    for (const name of titles) expect(within(region).getByRole('figure', { name })).toBeTruthy();
    expect(within(region).getByText(/step 1999 · epoch 0/)).toBeTruthy();
    const ce = within(region).getByRole('figure', { name: 'Error on the labels (CE)' });
    // One plain SVG line of straight segments between the (decimated) measured points, on a grid.
    const line = ce.querySelector('path.line-curve');
    expect(line?.getAttribute('d')).toMatch(/^M[\d.,-]+(L[\d.,-]+){100,}$/);
    expect(ce.querySelector('path.plot-grid')?.getAttribute('d')).toMatch(/^M/);
    // A term that moves by an ulp draws as a flat line (its axis once looped forever over such a range).
    expect(within(region).getByRole('figure', { name: 'Mean novel_term' }).querySelector('path.line-curve')?.getAttribute('d')).toMatch(/^M[\d.,-]+(L[\d.,-]+)+$/);
    // The accuracy chart: one evaluation, a dot per split, named in its legend.
    const accuracy = within(region).getByRole('figure', { name: 'Accuracy per split' });
    await waitFor(() => expect(accuracy.querySelectorAll('circle')).toHaveLength(2));
    expect(Array.from(accuracy.querySelectorAll('.plot-legend li'), (li) => li.textContent)).toEqual(['train', 'test']);
    // When it ends the charts stay what they were (no second drawing of each chart in another library).
    const drawn = ce.querySelector('path.line-curve')?.getAttribute('d');
    act(() => studio.store.getState().setRunState('r1', 'done'));
    await act(() => new Promise((r) => setTimeout(r, 400)));
    expect(ce.querySelector('path.line-curve')?.getAttribute('d')).toBe(drawn);
    expect(region.querySelector('.recharts-wrapper')).toBeNull();
    expect(within(region).getByRole('img', { name: 'Trust in the prompt against the prompt’s confidence (w vs p_t): 2000 samples' })).toBeTruthy();
    expect(within(region).getByRole('img', { name: 'Distance from the prompt against error on the label (KL vs CE): 2000 samples' })).toBeTruthy();
    const histogram = within(region).getByRole('figure', { name: 'How many images trust the prompt how much (w)' });
    expect(histogram.querySelectorAll('rect')).toHaveLength(20);
    expect(accuracy.querySelectorAll('circle')).toHaveLength(2);
    // decimated: at most MAX_POINTS kept points (+ the latest) per line
    expect(studio.metrics.getState().runs.r1.means.get('ce')!.points().length).toBeLessThanOrEqual(MAX_POINTS + 1);
  });

  for (const proreg of [true, false]) {
    it(`a student method (FLYP) ${proreg ? 'with' : 'without'} ProReg's term ${proreg ? 'shows' : 'hides'} the w charts`, async () => {
      const { studio } = renderWithStudio(<LiveCharts />);
      act(() => {
        studio.store.getState().applySummary(SUMMARY);
        studio.store.getState().runStarted('r1', { ...DEFAULT_TRAIN_CONFIG, method: 'flyp', methodOptions: { ...DEFAULT_METHOD_OPTIONS, proreg } });
      });
      for (let s = 0; s < 3; s++) studio.metrics.getState().pushStep('r1', { step: s, epoch: 0, loss: 1, means: { ce: 1, kl: 0.1, w: proreg ? 0.4 : 0 }, lrEncoder: 1e-5, lrHead: 1e-5 }, arrays([s]));
      const region = screen.getByRole('region', { name: 'Live charts' });
      expect(await within(region).findByRole('figure', { name: 'Error on the labels (CE)' }, { timeout: 30_000 })).toBeTruthy();
      expect(within(region).getByRole('figure', { name: 'Distance from the prompt’s guess (KL)' })).toBeTruthy();
      expect(within(region).queryByRole('figure', { name: 'How much each image trusts the prompt (w)' }) !== null).toBe(proreg);
    });
  }
});
