import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG } from '../protocol/train-types';
import { evalResult } from './testing/fixtures';
import { createAppStore } from './app-store';
import { CLASSROOM_CONFIG, headlineEval, isLive } from './runs-slice';

describe('runs slice', () => {
  it('defaults to the official recipe and switches presets', () => {
    const st = createAppStore();
    expect(st.getState().trainConfig).toEqual(DEFAULT_TRAIN_CONFIG);
    st.getState().applyPreset('classroom');
    expect(st.getState().trainConfig).toEqual(CLASSROOM_CONFIG);
    expect(CLASSROOM_CONFIG).toMatchObject({ epochs: 2, batchSize: 32, augment: 'none' });
    st.getState().setTrainConfig({ alpha: 2 });
    expect(st.getState().trainConfig.alpha).toBe(2);
  });

  it('follows a run from start to finish', () => {
    const st = createAppStore();
    st.getState().runStarted('r1', DEFAULT_TRAIN_CONFIG);
    expect(st.getState().activeRunId).toBe('r1');
    expect(st.getState().runs.r1.label).toBe('#1 proreg · full');
    expect(isLive(st.getState().runs.r1.state)).toBe(true);
    st.getState().setRunProgress('r1', { phase: 'training', done: 1, total: 10 });
    st.getState().setRunState('r1', 'running');
    st.getState().addEval('r1', evalResult(5, 0.8));
    st.getState().addCheckpoint('r1', { step: 5, epoch: 0, valAccuracy: 0.8, best: true });
    const final = evalResult(10, 0.9);
    st.getState().runFinished({ runId: 'r1', steps: 10, stopped: false, final, bestStep: 5 });
    const r = st.getState().runs.r1;
    expect(r.state).toBe('done');
    expect(r.evals.map((e) => e.step)).toEqual([5, 10]);
    expect(headlineEval(r)).toBe(final);
    // The last progress (the engine's 'done' at 100%) stays on screen after the run.
    expect(st.getState().runProgress).toEqual({ phase: 'training', done: 1, total: 10 });
  });

  it('records failures and sweeps, and removes runs', () => {
    const st = createAppStore();
    st.getState().runStarted('r1', DEFAULT_TRAIN_CONFIG);
    st.getState().runFailed('r1', 'out of memory');
    expect(st.getState().runs.r1).toMatchObject({ state: 'failed', error: 'out of memory' });
    st.getState().setSweep({ runId: 'r1', ensemble: [], wise: [{ alpha: 0.5, accuracy: { test: 0.7 }, worstGroup: {} }] });
    expect(st.getState().runs.r1.sweep?.wise).toHaveLength(1);
    st.getState().removeRun('r1');
    expect(st.getState().runOrder).toEqual([]);
    expect(st.getState().activeRunId).toBeNull();
  });
});
