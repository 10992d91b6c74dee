import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG } from '../protocol/train-types';
import { FakeEngine } from './testing/fake-engine';
import { evalResult, MODEL_INFO, promptCheck, SUMMARY } from './testing/fixtures';
import { createStudio } from './studio';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

function engine() {
  return new FakeEngine()
    .on('load-model', () => MODEL_INFO)
    .on('import-files', () => SUMMARY)
    .on('set-dataset', (r) => ({ samples: r.samples.length, classes: r.classes.length }))
    .on('set-prompts', (r) => promptCheck(r.prompts.templates))
    .on('init', (r) => ({ name: r.backend === 'auto' ? 'wasm' : r.backend, reason: 'asked', measured: {} }));
}

describe('engine bridge', () => {
  it('loads a model, routing load progress to the model slice, and checks prompts once data exists', async () => {
    const e = engine();
    const { store, bridge } = createStudio(e, { promptDebounceMs: 0, datasetDebounceMs: 0 });
    const loading = bridge.loadModel({ kind: 'hub', repo: 'openai/clip-vit-base-patch32' });
    e.emit({ type: 'progress', progress: { phase: 'download', done: 3, total: 10 } });
    expect(store.getState().modelProgress?.done).toBe(3);
    await loading;
    expect(store.getState().modelInfo).toEqual(MODEL_INFO);
    expect(store.getState().backend?.name).toBe('wasm');
    await bridge.importFiles([{ path: 'train/climbing/a.jpg', blob: new Blob(['x']) }]);
    await tick(5);
    expect(e.sent('set-prompts')).toHaveLength(1);
    expect(e.sent('set-prompts')[0].prompts.classNames).toEqual(['climbing', 'diving']);
    expect(store.getState().promptCheck?.zeroShot.splits).toHaveLength(2);
  });

  it('shows engine errors in the panel that asked', async () => {
    const e = new FakeEngine().on('load-model', () => {
      throw Object.assign(new Error('HTTP 404 for config.json'), { name: 'HubError' });
    });
    const { store, bridge } = createStudio(e);
    await bridge.loadModel({ kind: 'hub', repo: 'nobody/nothing' });
    expect(store.getState().errors.Model).toBe('HTTP 404 for config.json');
    expect(store.getState().modelLoading).toBe(false);
  });

  it('debounces dataset edits into one set-dataset with the edited set', async () => {
    const e = engine();
    const { store, bridge } = createStudio(e, { datasetDebounceMs: 20, promptDebounceMs: 0 });
    await bridge.importFiles([{ path: 'x.jpg', blob: new Blob(['x']) }]);
    store.getState().setSampleLabel(0, 1);
    store.getState().renameClass(1, 'dive');
    store.getState().setSampleLabel(1, 1);
    expect(e.sent('set-dataset')).toHaveLength(0);
    await tick(40);
    const sent = e.sent('set-dataset');
    expect(sent).toHaveLength(1);
    expect(sent[0].classes).toEqual(['climbing', 'dive']);
    expect(sent[0].samples.map((s) => s.label)).toEqual([1, 1, 1, 1]);
  });

  it('aborts the prompt check in flight when prompts change again', async () => {
    const e = engine();
    let calls = 0;
    e.on('set-prompts', (r) => {
      calls++;
      return new Promise((res) => setTimeout(() => res(promptCheck(r.prompts.templates)), 30));
    });
    const { store, bridge } = createStudio(e, { promptDebounceMs: 5, datasetDebounceMs: 0 });
    await bridge.loadModel({ kind: 'hub', repo: 'm' });
    await bridge.importFiles([{ path: 'x.jpg', blob: new Blob(['x']) }]);
    await tick(10);
    store.getState().setTemplate(0, 'this is {}.');
    await tick(80);
    expect(calls).toBe(2);
    expect(store.getState().checkedPrompts?.templates).toEqual(['this is {}.']);
    expect(store.getState().promptChecking).toBe(false);
  });

  it('runs training: steps go to the metrics store, evals and states to the run, the reply finishes it', async () => {
    const e = engine();
    let finish: (() => void) | null = null;
    e.on('train', (r) => new Promise((res) => {
      finish = () => res({ runId: r.runId, steps: 2, stopped: false, final: evalResult(2, 0.9), bestStep: 2 });
    }));
    const { store, metrics, bridge } = createStudio(e, { datasetDebounceMs: 0, promptDebounceMs: 0 });
    store.getState().restoreDataset(SUMMARY.classes, SUMMARY.samples);
    store.getState().setTrainConfig({ epochs: 3 });
    const done = bridge.startTraining();
    await tick();
    const runId = store.getState().activeRunId!;
    expect(e.sent('train')[0]).toEqual({ type: 'train', runId, config: { ...DEFAULT_TRAIN_CONFIG, epochs: 3 } });
    const samples = { ids: new Int32Array([0]), ce: new Float32Array([1]), kl: new Float32Array([0]), w: new Float32Array([0.5]), ps: new Float32Array([0.4]), pt: new Float32Array([0.9]) };
    e.emit({ type: 'state', runId, state: 'running' });
    e.emit({ type: 'step', runId, point: { step: 0, epoch: 0, loss: 1, means: { ce: 1, kl: 0, w: 0.5 }, lrEncoder: 0, lrHead: 0 }, samples });
    e.emit({ type: 'progress', runId, progress: { phase: 'training', done: 1, total: 2, imagesPerSec: 10, etaSec: 3 } });
    e.emit({ type: 'eval', runId, result: evalResult(1, 0.8) });
    e.emit({ type: 'log', level: 'warn', message: 'slow backend' });
    expect(metrics.getState().runs[runId].steps).toBe(1);
    expect(store.getState().runs[runId].state).toBe('running');
    expect(store.getState().runProgress?.etaSec).toBe(3);
    expect(store.getState().log[0].message).toBe('slow backend');
    // a second start while one runs is refused
    expect(await bridge.startTraining()).toBeNull();
    expect(store.getState().errors.Training).toMatch(/still going/);
    finish!();
    await done;
    expect(store.getState().runs[runId].state).toBe('done');
    expect(store.getState().runs[runId].evals.map((x) => x.step)).toEqual([1, 2]);
  });

  it('coalesces progress: the first applies at once, a burst applies once with the latest', async () => {
    const e = engine();
    const { store } = createStudio(e, { progressMs: 30 });
    store.getState().runStarted('r1', DEFAULT_TRAIN_CONFIG);
    let updates = 0;
    store.subscribe(() => updates++);
    const progress = (done: number) => e.emit({ type: 'progress', runId: 'r1', progress: { phase: 'training', done, total: 10 } });
    progress(1);
    expect(store.getState().runProgress?.done).toBe(1);
    for (let i = 2; i <= 9; i++) progress(i);
    expect(store.getState().runProgress?.done).toBe(1);
    await tick(50);
    expect(store.getState().runProgress?.done).toBe(9);
    expect(updates).toBe(2);
  });

  it('marks a failed run and reports why', async () => {
    const e = engine().on('train', () => {
      throw Object.assign(new Error('batch size 30 is not a multiple of the micro-batch 16'), { name: 'ConfigError' });
    });
    const { store, bridge } = createStudio(e);
    store.getState().restoreDataset(SUMMARY.classes, SUMMARY.samples);
    const id = await bridge.startTraining();
    expect(store.getState().runs[id!].state).toBe('failed');
    expect(store.getState().errors.Training).toBe('batch size 30 is not a multiple of the micro-batch 16');
  });

  it('refuses to start on a dataset that cannot train, saying what to add', async () => {
    const e = engine();
    const { store, bridge } = createStudio(e);
    store.getState().restoreDataset(['climbing'], [{ id: 0, path: 'train/climbing/a.jpg', label: 0, split: 'train' }]);
    expect(await bridge.startTraining()).toBeNull();
    expect(e.sent('train')).toHaveLength(0);
    expect(store.getState().runOrder).toHaveLength(0);
    expect(store.getState().errors.Training).toMatch(/at least two classes \(only “climbing”\): add a folder of images for another class/);
    store.getState().restoreDataset(['climbing', 'diving'], [
      { id: 0, path: 'train/climbing/a.jpg', label: 0, split: 'train' }, { id: 1, path: 'test/diving/b.jpg', label: 1, split: 'test' },
    ]);
    expect(await bridge.startTraining()).toBeNull();
    expect(store.getState().errors.Training).toMatch(/No training images for “diving”/);
    store.getState().setTrainConfig({ valFraction: 0 });
    store.getState().restoreDataset(['climbing', 'diving'], [
      { id: 0, path: 'train/climbing/a.jpg', label: 0, split: 'train' }, { id: 1, path: 'train/diving/b.jpg', label: 1, split: 'train' },
    ]);
    expect(await bridge.startTraining()).toBeNull();
    expect(store.getState().errors.Training).toMatch(/Nothing to evaluate on: add test images/);
  });

  it('sends init, pause/resume/stop and sweep', async () => {
    const e = engine().on('pause', () => null).on('resume', () => null).on('stop', () => null)
      .on('sweep', (r) => ({ runId: r.runId, wise: r.alphas.map((alpha) => ({ alpha, accuracy: { test: alpha }, worstGroup: {} })), ensemble: [] }));
    const { store, bridge } = createStudio(e);
    await bridge.init('webgl');
    expect(store.getState()).toMatchObject({ backendChoice: 'webgl', backend: { name: 'webgl' } });
    await bridge.pause();
    await bridge.resume();
    await bridge.stop();
    store.getState().runStarted('r1', DEFAULT_TRAIN_CONFIG);
    await bridge.sweep('r1', [0, 0.5, 1]);
    expect(store.getState().runs.r1.sweep?.wise).toHaveLength(3);
    expect(e.requests.map((r) => r.type)).toEqual(['init', 'pause', 'resume', 'stop', 'sweep']);
  });
});
