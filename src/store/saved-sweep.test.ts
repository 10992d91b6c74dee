// A finished WiSE-FT / ensemble sweep is part of its run's record in the engine: a reopened project shows it
// again, as the run's own (its id), and a run without one opens with none.
import { describe, expect, it } from 'vitest';
import type { RunInfo, SweepCurves } from '../protocol/messages';
import { DEFAULT_TRAIN_CONFIG } from '../protocol/train-types';
import { restoreRuns } from './project-state';

const curves: SweepCurves = {
  ensemble: [{ alpha: 0, accuracy: { test: 0.5 }, worstGroup: {} }, { alpha: 1, accuracy: { test: 0.75 }, worstGroup: { test: 0.25 } }],
  wise: [{ alpha: 0.5, accuracy: { test: 0.625, val: 0.5 }, worstGroup: {} }],
};
const info = (runId: string, extra: Partial<RunInfo> = {}): RunInfo => ({ runId, config: DEFAULT_TRAIN_CONFIG, done: true, lastStep: 4, bestStep: 4, final: null, resumable: false, ...extra });

describe('saved sweeps', () => {
  it("come back with their run from the engine's record", () => {
    const restored = restoreRuns(null, [info('r1', { sweep: curves }), info('r2')]);
    expect(restored.runs.r1.state).toBe('done');
    expect(restored.runs.r1.sweep).toEqual({ runId: 'r1', ...curves });
    expect(restored.runs.r2.sweep).toBeNull();
  });
});
