import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG } from '../protocol/train-types';
import { FakeEngine } from './testing/fake-engine';
import { evalResult } from './testing/fixtures';
import { createStudio } from './studio';

const mark = (step: number) => ({ step, epoch: 0, valAccuracy: 0.5, best: step === 2 });

describe('run events', () => {
  it('applies a burst of evaluations and checkpoints in one store update, in order, and at once before a state change', async () => {
    const e = new FakeEngine();
    const { store } = createStudio(e);
    store.getState().runStarted('r1', DEFAULT_TRAIN_CONFIG);
    store.getState().runStarted('r2', DEFAULT_TRAIN_CONFIG);
    let updates = 0;
    store.subscribe(() => updates++);
    for (const step of [1, 2, 3]) {
      e.emit({ type: 'eval', runId: 'r1', result: evalResult(step, 0.5) });
      e.emit({ type: 'checkpoint', runId: 'r1', ...mark(step) });
    }
    e.emit({ type: 'eval', runId: 'r2', result: evalResult(7, 0.6) });
    e.emit({ type: 'eval', runId: 'gone', result: evalResult(1, 0.6) }); // a run the UI does not show is ignored
    expect(updates).toBe(0);
    await new Promise((r) => setTimeout(r, 150));
    expect(updates).toBe(1);
    expect(store.getState().runs.r1.evals.map((x) => x.step)).toEqual([1, 2, 3]);
    expect(store.getState().runs.r1.checkpoints).toEqual([mark(1), mark(2), mark(3)]);
    expect(store.getState().runs.r2.evals.map((x) => x.step)).toEqual([7]);
    expect(store.getState().runs.gone).toBeUndefined();

    e.emit({ type: 'eval', runId: 'r1', result: evalResult(4, 0.5) });
    e.emit({ type: 'state', runId: 'r1', state: 'done' });
    expect(store.getState().runs.r1).toMatchObject({ state: 'done' });
    expect(store.getState().runs.r1.evals.map((x) => x.step)).toEqual([1, 2, 3, 4]);
  });
});
