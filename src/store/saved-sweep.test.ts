// A finished WiSE-FT / ensemble sweep is part of the project: it survives a reload (JSON and back), and a
// hand-edited sweep of the wrong shape is dropped rather than drawn.
import { describe, expect, it } from 'vitest';
import type { SweepResult } from '../protocol/messages';
import { DEFAULT_TRAIN_CONFIG } from '../protocol/train-types';
import { evalResult } from './testing/fixtures';
import { createAppStore } from './app-store';
import { createMetricsStore } from './metrics-store';
import { buildUiState, readUiState, restoreRuns } from './project-state';

const sweep: SweepResult = {
  runId: 'r1',
  ensemble: [{ alpha: 0, accuracy: { test: 0.5 }, worstGroup: {} }, { alpha: 1, accuracy: { test: 0.75 }, worstGroup: { test: 0.25 } }],
  wise: [{ alpha: 0.5, accuracy: { test: 0.625, val: 0.5 }, worstGroup: {} }],
};

describe('saved sweeps', () => {
  it('come back with their run after a reload', () => {
    const store = createAppStore();
    const s = store.getState();
    s.runStarted('r1', DEFAULT_TRAIN_CONFIG);
    s.runFinished({ runId: 'r1', steps: 4, stopped: false, final: evalResult(4, 0.75), bestStep: 4 });
    s.setSweep(sweep);
    const ui = readUiState(JSON.parse(JSON.stringify(buildUiState(store.getState(), createMetricsStore().getState()))));
    const restored = restoreRuns(ui, [{ runId: 'r1', config: DEFAULT_TRAIN_CONFIG, done: true, lastStep: 4, bestStep: 4, final: null, resumable: false }]);
    expect(restored.runs.r1.state).toBe('done');
    expect(restored.runs.r1.sweep).toEqual(sweep);
  });

  it('a sweep of the wrong shape is dropped; the run still opens', () => {
    const base = { id: 'r1', label: '#1', config: {}, state: 'done', startedAt: 0, evals: [], checkpoints: [], summary: null, error: null, steps: null };
    const read = (x: unknown) => readUiState({ format: 'proreg-ui', version: 1, runs: [{ ...base, sweep: x }] })!.runs[0];
    expect(read({ ensemble: [{ alpha: 'half', accuracy: {}, worstGroup: {} }], wise: [] }).sweep).toBeNull();
    expect(read({ ensemble: [], wise: [{ alpha: 0.5, accuracy: { test: { evil: 1 } }, worstGroup: {} }] }).sweep).toBeNull();
    expect(read('oops')).toMatchObject({ id: 'r1', state: 'done', sweep: null });
    expect(read({ runId: 'other', ensemble: sweep.ensemble, wise: sweep.wise }).sweep).toEqual(sweep); // the run's own id
  });
});
