import { describe, expect, it } from 'vitest';
import type { RunInfo } from '../protocol/messages';
import { DEFAULT_TRAIN_CONFIG, type StepPoint } from '../protocol/train-types';
import { evalResult } from './testing/fixtures';
import { createAppStore } from './app-store';
import { createMetricsStore } from './metrics-store';
import { buildUiState, readUiState, restoreRuns, thinTable } from './project-state';

const none = { ids: new Int32Array(0), ce: new Float32Array(0), kl: new Float32Array(0), w: new Float32Array(0), ps: new Float32Array(0), pt: new Float32Array(0) };
const point = (step: number): StepPoint => ({ step, epoch: Math.floor(step / 10), loss: 1 / (step + 1), means: { ce: 0.5, w: step % 2 }, lrEncoder: 1e-5, lrHead: 1e-3 });

function info(runId: string, over: Partial<RunInfo> = {}): RunInfo {
  return { runId, config: DEFAULT_TRAIN_CONFIG, done: false, lastStep: null, bestStep: null, final: null, resumable: false, ...over };
}

/** The engine's records of studioWithRuns's runs, as the worker keeps them (every step's point included). */
function engineRecords(): Record<string, Partial<RunInfo>> {
  return {
    'done-run': { label: '#1 proreg · full', startedAt: 1, evals: [evalResult(5, 0.8), evalResult(10, 0.9)], checkpoints: [{ step: 10, epoch: 1, valAccuracy: 0.9, best: true }], history: Array.from({ length: 700 }, (_, i) => point(i)) },
    'cut-run': { label: '#2 finetune · full', startedAt: 2, config: { ...DEFAULT_TRAIN_CONFIG, method: 'finetune' }, evals: [], checkpoints: [], history: Array.from({ length: 12 }, (_, i) => point(i)) },
  };
}

function studioWithRuns() {
  const store = createAppStore();
  const metrics = createMetricsStore();
  const s = store.getState();
  s.modelLoaded({ backend: { name: 'wasm', reason: '', measured: {} } } as never, 'openai/clip-vit-base-patch16');
  s.setTemplates(['a photo of {}.', 'art of {}.']);
  s.setDisplayName('diving', 'scuba diving');
  s.setTrainConfig({ epochs: 3 });
  s.runStarted('done-run', DEFAULT_TRAIN_CONFIG);
  s.addEval('done-run', evalResult(5, 0.8));
  s.runFinished({ runId: 'done-run', steps: 10, stopped: false, final: evalResult(10, 0.9), bestStep: 10 });
  s.runStarted('cut-run', { ...DEFAULT_TRAIN_CONFIG, method: 'finetune' });
  s.setRunState('cut-run', 'running');
  for (let i = 0; i < 700; i++) metrics.getState().pushStep('done-run', point(i), none);
  for (let i = 0; i < 12; i++) metrics.getState().pushStep('cut-run', point(i), none);
  return { store, metrics };
}

describe('saved UI state', () => {
  it('survives JSON (a project file) and restores runs, evaluations and the same chart series', () => {
    const { store, metrics } = studioWithRuns();
    const ui = JSON.parse(JSON.stringify(buildUiState(store.getState())));
    expect(ui.runs).toBeUndefined(); // the engine keeps the runs: the UI's save copies none of them
    const rec = engineRecords();
    const back = readUiState(ui)!;
    expect(back).toMatchObject({ modelId: 'openai/clip-vit-base-patch16', templates: ['a photo of {}.', 'art of {}.'], displayNames: { diving: 'scuba diving' } });
    expect(back.trainConfig.epochs).toBe(3);

    const restored = restoreRuns(back, [info('done-run', { ...rec['done-run'], done: true, lastStep: 10, final: evalResult(10, 0.9) }), info('cut-run', { ...rec['cut-run'], lastStep: 8, resumable: true })]);
    expect(restored.order).toEqual(['done-run', 'cut-run']);
    const done = restored.runs['done-run'];
    expect(done.state).toBe('done');
    expect(done.evals.map((e) => e.step)).toEqual([5, 10]);
    expect(done.evals[1].splits[0].ids).toBeInstanceOf(Int32Array);
    expect(Array.from(done.evals[1].splits[0].probTrue)).toEqual(Array.from(evalResult(10, 0.9).splits[0].probTrue));
    expect(done.summary?.final?.splits[1].accuracy).toBeCloseTo(0.8);
    expect(restored.runs['cut-run']).toMatchObject({ state: 'interrupted', resumeFrom: 8, label: '#2 finetune · full' });

    const again = createMetricsStore();
    again.getState().restoreRun('done-run', restored.tables['done-run']);
    const live = metrics.getState().runs['done-run'];
    const back2 = again.getState().runs['done-run'];
    expect(back2.means.get('loss')!.points()).toEqual(live.means.get('loss')!.points());
    expect(back2.means.get('w')!.xs).toEqual(live.means.get('w')!.xs);
    expect(back2.steps).toBe(700);
    expect(back2.lastStep).toEqual(point(699));
  });

  it('a run seen live that the engine cannot resume failed; a run only the engine knows is rebuilt', () => {
    const { store } = studioWithRuns();
    const ui = readUiState(buildUiState(store.getState()));
    const rec = engineRecords();
    // The engine saved cut-run's record when it started; the page closed before its first checkpoint.
    const restored = restoreRuns(ui, [info('done-run', { ...rec['done-run'], done: true }), info('cut-run', rec['cut-run']), info('orphan', { done: true, final: evalResult(4, 0.7), lastStep: 4 })]);
    expect(restored.runs['cut-run'].state).toBe('failed');
    expect(restored.runs['cut-run'].error).toMatch(/before the run took its first checkpoint/);
    expect(restored.runs.orphan).toMatchObject({ state: 'done', label: '#3 proreg · full', summary: { steps: 4 } });
    expect(restored.runs.orphan.evals).toHaveLength(1);
  });

  it('checks every field of a saved run: a label that is an object or a config of the wrong types does not reach the UI', () => {
    const ui = readUiState({
      format: 'proreg-ui', version: 1, modelId: { x: 1 }, templates: ['a {}', 3], displayNames: { a: 'A', b: { no: 1 } },
      trainConfig: { epochs: 'many', lrHead: 0.5 }, valSplit: null,
      runs: [
        { id: 'r1', label: { evil: true }, config: { method: { x: 1 }, epochs: 3 }, state: 'exploded', startedAt: 'yesterday', evals: [{ step: 1 }], checkpoints: [{ step: 'x' }], summary: { runId: 1 }, error: 5, steps: null },
        { label: 'no id' },
      ],
    })!;
    expect(ui.modelId).toBeNull();
    expect(ui.templates).toEqual(['a {}']);
    expect(ui.displayNames).toEqual({ a: 'A' });
    expect(ui.trainConfig).toEqual({ ...DEFAULT_TRAIN_CONFIG, lrHead: 0.5 });
    expect(ui.runs).toHaveLength(1);
    expect(ui.runs[0]).toMatchObject({ id: 'r1', label: 'run 1', config: { ...DEFAULT_TRAIN_CONFIG, epochs: 3 }, state: 'failed', startedAt: 0, evals: [], checkpoints: [], summary: null, error: null });
  });

  it('builds each run\'s step table from the engine history, up to its checkpoint', () => {
    const { store } = studioWithRuns();
    const ui = readUiState(JSON.parse(JSON.stringify(buildUiState(store.getState()))));
    const history = Array.from({ length: 15 }, (_, i) => point(i)); // the engine saved 0-14 with its checkpoint at 15
    const restored = restoreRuns(ui, [info('cut-run', { lastStep: 15, resumable: true, history }), info('orphan', { done: true, lastStep: 4, history: history.slice(0, 4) })]);
    const t = restored.tables['cut-run'];
    expect(t.step).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(t.loss.slice(12)).toEqual([point(12).loss, point(13).loss, point(14).loss]);
    expect(t.means.w.slice(10)).toEqual([0, 1, 0, 1, 0]);
    expect(restored.runs['cut-run'].resumeFrom).toBe(15);
    expect(restored.tables.orphan.step).toEqual([0, 1, 2, 3]);
  });

  it('ignores what it did not write and thins very long histories', () => {
    expect(readUiState(null)).toBeNull();
    expect(readUiState({ format: 'other' })).toBeNull();
    const { metrics } = studioWithRuns();
    const thin = thinTable(metrics.getState().runs['done-run'].table, 100);
    expect(thin.step.length).toBeLessThanOrEqual(101);
    expect(thin.step.at(-1)).toBe(699);
    expect(thin.means.ce).toHaveLength(thin.step.length);
  });
});
