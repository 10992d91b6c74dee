import { describe, expect, it } from 'vitest';
import type { ProjectState } from '../protocol/messages';
import { DEFAULT_TRAIN_CONFIG, type StepPoint } from '../protocol/train-types';
import { FakeEngine } from './testing/fake-engine';
import { evalResult, MODEL_INFO, SUMMARY } from './testing/fixtures';
import { readUiState, type UiState } from './project-state';
import { createStudio } from './studio';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
const none = { ids: new Int32Array(0), ce: new Float32Array(0), kl: new Float32Array(0), w: new Float32Array(0), ps: new Float32Array(0), pt: new Float32Array(0) };
const point = (step: number): StepPoint => ({ step, epoch: 0, loss: 1, means: { ce: 1 }, lrEncoder: 0, lrHead: 0 });

function project(ui: unknown, over: Partial<ProjectState> = {}): ProjectState {
  return { projectId: 'p1', name: 'Birds', classes: SUMMARY.classes, samples: SUMMARY.samples, ui, runs: [], ...over };
}

describe('project sync', () => {
  it('opens the saved project first, restores it, reloads its cached model, then autosaves debounced', async () => {
    const saved: UiState = {
      format: 'proreg-ui', version: 1, modelId: 'm/cached', templates: ['art of {}.'], displayNames: { diving: 'scuba' },
      trainConfig: { ...DEFAULT_TRAIN_CONFIG, epochs: 4 }, valSplit: { fraction: 0.2, seed: 1, moved: [] }, runs: [],
    };
    const e = new FakeEngine()
      .on('open-project', () => project(saved))
      .on('list-projects', () => [{ id: 'p1', name: 'Birds', updatedAt: 1, classes: 2 }])
      .on('list-presets', () => [])
      .on('list-cached-models', () => [{ repo: 'm/cached', bytes: 10 }])
      .on('load-model', () => MODEL_INFO)
      .on('set-prompts', () => ({ prompts: [], zeroShot: evalResult(0, 0.5) }))
      .on('save-ui-state', () => null);
    const { store, project: sync } = createStudio(e, { saveDebounceMs: 20, promptDebounceMs: 0 });
    await sync.start();
    expect(e.requests[0].type).toBe('open-project');
    const s = store.getState();
    expect(s).toMatchObject({ projectName: 'Birds', classes: ['climbing', 'diving'], templates: ['art of {}.'], displayNames: { diving: 'scuba' }, hubModel: 'm/cached' });
    expect(s.trainConfig.epochs).toBe(4);
    expect(s.samples).toHaveLength(4);
    expect(e.sent('load-model')[0].source).toEqual({ kind: 'hub', repo: 'm/cached' });
    expect(e.sent('save-ui-state')).toHaveLength(0); // restoring is not an edit
    expect(s.saveStatus).toBe('saved');

    store.getState().setTemplate(0, 'a photo of {}.');
    store.getState().renameProject('Birds 2');
    expect(store.getState().saveStatus).toBe('saving');
    await tick(5);
    expect(e.sent('save-ui-state')).toHaveLength(0);
    await tick(40);
    const sent = e.sent('save-ui-state');
    expect(sent).toHaveLength(1);
    expect(sent[0].name).toBe('Birds 2');
    expect(readUiState(sent[0].ui)?.templates).toEqual(['a photo of {}.']);
    expect(store.getState().saveStatus).toBe('saved');
  });

  it('does not load a saved model that is not cached (no network on its own)', async () => {
    const e = new FakeEngine()
      .on('open-project', () => project({ format: 'proreg-ui', version: 1, modelId: 'm/gone', templates: [], displayNames: {}, trainConfig: DEFAULT_TRAIN_CONFIG, runs: [] }))
      .on('list-projects', () => []).on('list-presets', () => []).on('list-cached-models', () => []);
    const { store, project: sync } = createStudio(e);
    await sync.start();
    expect(e.sent('load-model')).toHaveLength(0);
    expect(store.getState().modelId).toBe('m/gone');
  });

  it('reopens a kept model folder without asking, and says when the folder is no longer kept', async () => {
    const ui = { format: 'proreg-ui', version: 1, modelId: null, localModel: 'my-clip-0badf00d', templates: [], displayNames: {}, trainConfig: DEFAULT_TRAIN_CONFIG, runs: [] };
    const kept = { key: 'my-clip-0badf00d', name: 'my-clip', bytes: 10 };
    const e = new FakeEngine()
      .on('open-project', () => project(ui))
      .on('list-projects', () => []).on('list-presets', () => [])
      .on('list-cached-models', () => [{ repo: 'm/other', bytes: 5 }, { repo: kept.key, bytes: 10, folder: 'my-clip' }])
      .on('load-model', () => ({ ...MODEL_INFO, stored: kept }))
      .on('set-prompts', () => ({ prompts: [], zeroShot: evalResult(0, 0.5) }))
      .on('save-ui-state', () => null);
    const { store, project: sync } = createStudio(e, { saveDebounceMs: 20, promptDebounceMs: 0 });
    await sync.start();
    expect(e.sent('load-model').map((r) => r.source)).toEqual([{ kind: 'stored', key: kept.key }]);
    expect(store.getState()).toMatchObject({ localModel: kept.key, hubModel: null, modelSource: 'local folder “my-clip” (kept in this browser)' });
    store.getState().renameProject('Birds 2');
    await tick(60);
    expect(readUiState(e.sent('save-ui-state').at(-1)!.ui)).toMatchObject({ modelId: null, localModel: kept.key });

    const gone = new FakeEngine()
      .on('open-project', () => project(ui))
      .on('list-projects', () => []).on('list-presets', () => []).on('list-cached-models', () => []);
    const other = createStudio(gone);
    await other.project.start();
    expect(gone.sent('load-model')).toHaveLength(0);
    expect(other.store.getState().errors.Model).toMatch(/^the model folder this project used is no longer in browser storage: pick or drop the folder again/);
  });

  it('resumes an interrupted run from its checkpoint, appending to its metrics, and saves when it ends', async () => {
    let finish: () => void = () => {};
    const ui = {
      format: 'proreg-ui', version: 1, modelId: null, templates: ['{}'], displayNames: {}, trainConfig: DEFAULT_TRAIN_CONFIG,
      runs: [{
        id: 'r1', label: '#1 proreg · full', config: DEFAULT_TRAIN_CONFIG, state: 'running', startedAt: 1, evals: [], checkpoints: [], summary: null, error: null,
        steps: { step: [0, 1, 2, 3], epoch: [0, 0, 0, 0], loss: [4, 3, 2, 1], lrEncoder: [0, 0, 0, 0], lrHead: [0, 0, 0, 0], means: { ce: [4, 3, 2, 1] } },
      }],
    };
    const e = new FakeEngine()
      .on('open-project', () => project(ui, { runs: [{ runId: 'r1', config: DEFAULT_TRAIN_CONFIG, done: false, lastStep: 2, bestStep: 2, final: null, resumable: true }] }))
      .on('list-projects', () => []).on('list-presets', () => []).on('list-cached-models', () => [])
      .on('load-model', () => MODEL_INFO)
      .on('save-ui-state', () => null)
      .on('train', (r) => new Promise((res) => (finish = () => res({ runId: r.runId, steps: 4, stopped: false, final: evalResult(4, 0.9), bestStep: 4 }))));
    const { store, metrics, bridge, project: sync } = createStudio(e, { saveDebounceMs: 10_000 });
    await sync.start();
    expect(store.getState().runs.r1.state).toBe('interrupted');
    expect(metrics.getState().runs.r1.steps).toBe(4);
    await bridge.loadModel({ kind: 'hub', repo: 'm' });
    const done = bridge.resumeRun('r1');
    await tick();
    expect(e.sent('train')[0]).toEqual({ type: 'train', runId: 'r1', config: DEFAULT_TRAIN_CONFIG, resume: true });
    expect(metrics.getState().runs.r1.table.step).toEqual([0, 1]); // steps 2 and 3 come again from the checkpoint
    e.emit({ type: 'step', runId: 'r1', point: point(2), samples: none });
    e.emit({ type: 'step', runId: 'r1', point: point(3), samples: none });
    expect(metrics.getState().runs.r1.table.step).toEqual([0, 1, 2, 3]);
    expect(store.getState().runs.r1.state).toBe('running');
    const before = e.sent('save-ui-state').length;
    finish();
    await done;
    await tick();
    expect(store.getState().runs.r1.state).toBe('done');
    expect(e.sent('save-ui-state').length).toBeGreaterThan(before); // at once, not after the debounce
    expect(readUiState(e.sent('save-ui-state').at(-1)!.ui)?.runs).toEqual([]); // the engine keeps the run's record, the UI no copy
  });
});
