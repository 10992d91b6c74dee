// @vitest-environment jsdom
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG } from '../../protocol/train-types';
import { FakeEngine } from '../../store/testing/fake-engine';
import { evalResult, promptCheck } from '../../store/testing/fixtures';
import { renderWithStudio } from '../testing/render-studio';
import { ComparisonPanel } from './ComparisonPanel';
import { parseAlphas, sweepColour, sweepRows } from './SweepView';

describe('Comparison', () => {
  it('lines runs up against the zero-shot baseline and plots an alpha sweep', async () => {
    const e = new FakeEngine().on('sweep', (r) => ({
      runId: r.runId,
      wise: r.alphas.map((alpha) => ({ alpha, accuracy: { test: 0.6 + 0.2 * alpha }, worstGroup: {} })),
      ensemble: r.alphas.map((alpha) => ({ alpha, accuracy: { test: 0.8 - 0.2 * alpha }, worstGroup: {} })),
    }));
    const { studio } = renderWithStudio(<ComparisonPanel />, e);
    act(() => {
      const s = studio.store.getState();
      s.setPromptCheck({ classNames: ['a', 'b'], templates: ['{}'] }, promptCheck(['{}']));
      s.runStarted('r1', DEFAULT_TRAIN_CONFIG);
      s.addEval('r1', evalResult(5, 0.8));
      s.runFinished({ runId: 'r1', steps: 10, stopped: false, final: evalResult(10, 0.95), bestStep: 10 });
    });
    const table = screen.getByRole('table', { name: 'Runs compared' });
    const rows = within(table).getAllByRole('row');
    expect(rows[1].textContent).toMatch(/zero-shot prompts.*75.0%.*65.0%/);
    expect(rows[2].textContent).toMatch(/#1 proreg · full.*95.0%.*\+20.0.*85.0%/);
    expect(screen.getByRole('figure', { name: 'Accuracy on test per run' })).toBeTruthy();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /Run WiSE-FT and ensemble sweep/ }));
    expect(e.sent('sweep')[0].alphas).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(await screen.findByRole('figure', { name: 'Alpha sweep: accuracy between zero-shot and fine-tuned (#1 proreg · full)' })).toBeTruthy();
  });

  it('parses alphas and aligns both sweeps on the weight of the fine-tuned model', () => {
    expect(parseAlphas('0, 0.5 1')).toEqual([0, 0.5, 1]);
    expect(parseAlphas('0, 2')).toBeNull();
    const rows = sweepRows([{ alpha: 0.25, accuracy: { val: 0.5 } }], [{ alpha: 0.75, accuracy: { val: 0.6 } }]);
    expect(rows).toEqual([{ x: 0.25, 'WiSE-FT val': 0.5, 'ensemble val': 0.6 }]);
  });

  it('never gives a WiSE-FT line and an ensemble line the same colour', () => {
    const keys = ['train', 'val', 'test', 'ood'].flatMap((sp) => [`WiSE-FT ${sp}`, `ensemble ${sp}`]);
    const wise = keys.filter((k) => k.startsWith('WiSE')).map(sweepColour);
    const ens = keys.filter((k) => k.startsWith('ensemble')).map(sweepColour);
    expect(new Set(wise).size).toBe(4);
    for (const c of ens) expect(wise).not.toContain(c);
  });
});
