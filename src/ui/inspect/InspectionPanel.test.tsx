// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG } from '../../protocol/train-types';
import { FakeEngine } from '../../store/testing/fake-engine';
import { evalResult, SUMMARY } from '../../store/testing/fixtures';
import { renderWithStudio } from '../testing/render-studio';
import { InspectionPanel } from './InspectionPanel';
import { SampleDetail } from './SampleDetail';

HTMLCanvasElement.prototype.getContext = (() => null) as never;

describe('Inspection', () => {
  it('sorts samples by w, opens a confusion cell and a sample detail with its probabilities', async () => {
    const e = new FakeEngine().on('sample-probs', () => ({ zeroShot: [0.3, 0.7], fineTuned: [0.9, 0.1] }));
    const { studio } = renderWithStudio(<><InspectionPanel /><SampleDetail /></>, e);
    act(() => {
      studio.store.getState().applySummary(SUMMARY);
      studio.store.getState().runStarted('r1', DEFAULT_TRAIN_CONFIG);
      studio.store.getState().addEval('r1', evalResult(3, 0.75));
      studio.metrics.getState().pushStep('r1', { step: 3, epoch: 0, loss: 1, means: {}, lrEncoder: 0, lrHead: 0 }, {
        ids: new Int32Array([0, 1, 2]), ce: new Float32Array([0.1, 2, 0.5]), kl: new Float32Array([0, 0.3, 0.1]),
        w: new Float32Array([0.2, 0.9, 0.5]), ps: new Float32Array([0.9, 0.1, 0.6]), pt: new Float32Array([0.8, 0.95, 0.7]),
      });
    });
    await act(() => new Promise((r) => setTimeout(r, 1100)));
    const table = screen.getByRole('table', { name: 'Samples' });
    const order = () => within(table).getAllByRole('button', { name: /^Inspect / }).map((b) => b.getAttribute('aria-label'));
    expect(order()).toEqual(['Inspect train/climbing/b.jpg', 'Inspect train/diving/c.jpg', 'Inspect train/climbing/a.jpg']);
    const user = userEvent.setup();
    await user.click(within(table).getByRole('button', { name: 'ce' }));
    expect(order()[0]).toBe('Inspect train/climbing/b.jpg');
    await user.click(within(table).getByRole('button', { name: 'ce ▼' }));
    expect(order()[0]).toBe('Inspect train/climbing/a.jpg');

    const matrix = screen.getByRole('table', { name: 'Confusion matrix (test)' });
    await user.click(within(matrix).getByRole('button', { name: 'climbing predicted as diving: 1 images' }));
    const cell = screen.getByRole('group', { name: 'Images: climbing predicted as diving' });
    await user.click(within(cell).getByRole('button', { name: 'Inspect train/climbing/b.jpg' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sample 1' });
    expect(e.sent('sample-probs')[0]).toEqual({ type: 'sample-probs', runId: 'r1', sampleId: 1 });
    const probs = await within(dialog).findByRole('table', { name: 'Class probabilities' });
    expect(within(probs).getByRole('row', { name: /climbing \(label\)/ }).textContent).toMatch(/30.0%.*90.0%/);
    expect(within(dialog).getByRole('figure', { name: 'Sample history' })).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('keeps the rows still while the run trains, until asked to sort again', async () => {
    const { studio } = renderWithStudio(<InspectionPanel />, new FakeEngine());
    const step = (n: number, w: number[]) => studio.metrics.getState().pushStep('r1', { step: n, epoch: 0, loss: 1, means: {}, lrEncoder: 0, lrHead: 0 }, {
      ids: new Int32Array([0, 1, 2]), ce: new Float32Array(3), kl: new Float32Array(3), w: Float32Array.from(w), ps: new Float32Array(3), pt: new Float32Array(3),
    });
    act(() => {
      studio.store.getState().applySummary(SUMMARY);
      studio.store.getState().runStarted('r1', DEFAULT_TRAIN_CONFIG);
      step(1, [0.2, 0.9, 0.5]);
    });
    const table = await screen.findByRole('table', { name: 'Samples' });
    const order = () => within(table).getAllByRole('button', { name: /^Inspect / }).map((b) => b.getAttribute('aria-label'));
    await waitFor(() => expect(order()).toEqual(['Inspect train/climbing/b.jpg', 'Inspect train/diving/c.jpg', 'Inspect train/climbing/a.jpg']));
    act(() => step(2, [0.95, 0.1, 0.4])); // a would now come first
    await within(table).findByText('0.950', undefined, { timeout: 10_000 });
    expect(order()).toEqual(['Inspect train/climbing/b.jpg', 'Inspect train/diving/c.jpg', 'Inspect train/climbing/a.jpg']);
    expect(screen.getByText('rows in the order of step 1')).toBeTruthy();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Sort again' }));
    expect(order()).toEqual(['Inspect train/climbing/a.jpg', 'Inspect train/diving/c.jpg', 'Inspect train/climbing/b.jpg']);
    expect(screen.queryByRole('button', { name: 'Sort again' })).toBeNull();
  });

  it('puts only the rows in view in the page, and says where each sits among all of them', async () => {
    const { studio } = renderWithStudio(<InspectionPanel />, new FakeEngine());
    const n = 2000;
    const samples = Array.from({ length: n }, (_, id) => ({ id, path: `train/c${id % 2}/${id}.jpg`, label: id % 2, split: 'train' as const }));
    act(() => {
      studio.store.getState().applySummary({ classes: ['c0', 'c1'], samples, rejected: [] });
      studio.store.getState().runStarted('r1', DEFAULT_TRAIN_CONFIG);
      // w falls with the id: sorted by w (descending) the rows run 0, 1, 2, ...
      const ids = Int32Array.from(samples, (s) => s.id);
      const w = Float32Array.from(samples, (s) => 1 - s.id / n);
      studio.metrics.getState().pushStep('r1', { step: 1, epoch: 0, loss: 1, means: {}, lrEncoder: 0, lrHead: 0 }, {
        ids, ce: new Float32Array(n), kl: new Float32Array(n), w, ps: new Float32Array(n), pt: new Float32Array(n),
      });
    });
    const table = await screen.findByRole('table', { name: 'Samples' });
    await within(table).findByRole('button', { name: 'Inspect train/c0/0.jpg' });
    expect(table.getAttribute('aria-rowcount')).toBe(String(n + 1));
    const rows = within(table).getAllByRole('row');
    // The header, then the first rows: far fewer than the 2,000 samples.
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.length).toBeLessThan(60);
    expect(rows[0].getAttribute('aria-rowindex')).toBe('1');
    expect(rows.slice(1).map((r) => r.getAttribute('aria-rowindex'))).toEqual(rows.slice(1).map((_, i) => String(i + 2)));
    expect(screen.getByText('2,000 samples seen')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Show \d+ more/ })).toBeNull();
  });
});
