// @vitest-environment jsdom
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG } from '../../protocol/train-config';
import { CLASSROOM_CONFIG } from '../../store/runs-slice';
import { FakeEngine } from '../../store/testing/fake-engine';
import { evalResult, MODEL_INFO, SUMMARY } from '../../store/testing/fixtures';
import { renderWithStudio } from '../testing/render-studio';
import { TrainingPanel } from './TrainingPanel';

async function ready() {
  let finish: () => void = () => {};
  const e = new FakeEngine()
    .on('load-model', () => MODEL_INFO)
    .on('import-files', () => SUMMARY)
    .on('pause', () => null).on('resume', () => null).on('stop', () => null)
    .on('train', (r) => new Promise((res) => (finish = () => res({ runId: r.runId, steps: 4, stopped: true, final: evalResult(4, 0.9), bestStep: 2 }))));
  const out = renderWithStudio(<TrainingPanel />, e);
  await act(() => out.studio.bridge.loadModel({ kind: 'hub', repo: 'm' }));
  await act(() => out.studio.bridge.importFiles([{ path: 'x.jpg', blob: new Blob(['x']) }]));
  return { ...out, finish: () => finish() };
}

describe('Training panel', () => {
  it('waits for a model and images before it can start', () => {
    renderWithStudio(<TrainingPanel />);
    expect((screen.getByRole('button', { name: 'Start training' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('Load a model first.')).toBeTruthy();
  });

  it('starts a run with the chosen config, shows progress, pauses, resumes and stops', async () => {
    const { engine, studio, finish } = await ready();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Classroom quick' }));
    await user.selectOptions(screen.getByLabelText('Weight variant'), 'ce_ratio');
    const gamma = screen.getByLabelText('Gamma');
    await user.clear(gamma);
    await user.type(gamma, '2');
    const k = screen.getByLabelText('Last K blocks');
    await user.clear(k);
    await user.type(k, '3');
    await user.click(screen.getByRole('button', { name: 'Start training' }));
    const sent = engine.sent('train')[0];
    expect(sent.config).toEqual({ ...CLASSROOM_CONFIG, variant: 'ce_ratio', gamma: 2, scope: 'last-3' });
    const runId = sent.runId;
    act(() => {
      engine.emit({ type: 'state', runId, state: 'running' });
      engine.emit({ type: 'progress', runId, progress: { phase: 'training', done: 2, total: 4, imagesPerSec: 12.5, etaSec: 75 } });
    });
    expect(screen.getByRole('progressbar', { name: 'Training progress' })).toBeTruthy();
    expect(screen.getByText(/12.5 img\/s/)).toBeTruthy();
    expect(screen.getByText(/1:15 left/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Start training' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Pause' }));
    act(() => engine.emit({ type: 'state', runId, state: 'paused' }));
    await user.click(screen.getByRole('button', { name: 'Resume' }));
    await user.click(screen.getByRole('button', { name: 'Stop' }));
    expect(engine.requests.slice(-3).map((r) => r.type)).toEqual(['pause', 'resume', 'stop']);
    await act(async () => finish());
    expect(studio.store.getState().runs[runId].state).toBe('done');
    expect(screen.getByText(/best checkpoint at step 2 \(stopped early\)/)).toBeTruthy();
  });

  it('flags a batch size that is not a multiple of the micro-batch', async () => {
    await ready();
    const user = userEvent.setup();
    const batch = screen.getByLabelText('Batch size');
    await user.clear(batch);
    await user.type(batch, '30');
    expect(screen.getByText('Batch size 30 must be a multiple of the micro-batch 16.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Start training' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('says what a one-class dataset lacks and keeps Start disabled', async () => {
    const e = new FakeEngine().on('load-model', () => MODEL_INFO);
    const { studio } = renderWithStudio(<TrainingPanel />, e);
    await act(() => studio.bridge.loadModel({ kind: 'hub', repo: 'm' }));
    act(() => studio.store.getState().restoreDataset(['climbing'], [{ id: 0, path: 'train/climbing/a.jpg', label: 0, split: 'train' }]));
    expect(screen.getByText('Training needs at least two classes (only “climbing”): add a folder of images for another class.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Start training' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows what a method that trains no encoder trains, not the encoder scope and its memory', async () => {
    await ready();
    const user = userEvent.setup();
    const scope = screen.getByLabelText('Scope') as HTMLSelectElement;
    await user.selectOptions(screen.getByLabelText('Method'), 'proreg');
    await user.selectOptions(scope, 'full');
    expect(scope.disabled).toBe(false);
    expect(scope.selectedOptions[0].textContent).toBe('full encoder');
    expect(scope.parentElement!.textContent).toMatch(/needs about 3\.2 GB at micro-batch 16/);
    for (const [method, trains] of [['clip-adapter', 'adapter MLP (encoders frozen)'], ['tip-adapter', 'nothing (a cache of the images, no training)'], ['tip-adapter-f', 'the cache keys (encoders frozen)'], ['zero-shot', 'nothing (no training)'], ['linear-probe', 'the head only (encoders frozen)']]) {
      await user.selectOptions(screen.getByLabelText('Method'), method);
      const field = screen.getByLabelText('Scope') as HTMLSelectElement;
      expect(field.disabled).toBe(true);
      expect(Array.from(field.options, (o) => o.textContent)).toEqual([trains]);
      expect(field.parentElement!.textContent).not.toMatch(/full encoder|needs about/);
    }
  });

  it('counts the text tower in the memory a method needs when the method trains it or back-propagates through it', async () => {
    await ready();
    const user = userEvent.setup();
    const scopeText = () => (screen.getByLabelText('Scope') as HTMLSelectElement).parentElement!.textContent;
    await user.selectOptions(screen.getByLabelText('Method'), 'flyp');
    await user.selectOptions(screen.getByLabelText('Scope'), 'full');
    expect(scopeText()).toMatch(/needs about 3\.9 GB at micro-batch 16/); // both towers, not the image tower's 3.2 GB
    await user.selectOptions(screen.getByLabelText('Scope'), 'head');
    expect(scopeText()).toMatch(/needs about 420 MB at micro-batch 16/);
    // CoOp trains no encoder, but its context's gradient runs through the whole text tower.
    await user.selectOptions(screen.getByLabelText('Method'), 'coop');
    const field = screen.getByLabelText('Scope') as HTMLSelectElement;
    expect(Array.from(field.options, (o) => o.textContent)).toEqual(['prompt context vectors (encoders frozen)']);
    expect(scopeText()).toMatch(/needs about 650 MB at micro-batch 16/);
  });

  it("choosing a method brings its recipe's rates, and leaving it restores the defaults", async () => {
    const { studio } = await ready();
    const user = userEvent.setup();
    const cfg = () => studio.store.getState().trainConfig;
    await user.selectOptions(screen.getByLabelText('Method'), 'proreg');
    const base = { lrHead: cfg().lrHead, lrEncoder: cfg().lrEncoder, weightDecay: cfg().weightDecay, epochs: cfg().epochs };
    await user.selectOptions(screen.getByLabelText('Method'), 'flyp');
    expect([cfg().lrEncoder, cfg().lrHead, cfg().weightDecay]).toEqual([1e-5, 1e-5, 0.1]);
    // FLYP's cosine schedule; its 500 warm-up steps clamped to a tenth of this run (3 images, batch 256, 10 epochs: 10 steps).
    expect((screen.getByLabelText('Schedule') as HTMLSelectElement).value).toBe('cosine');
    expect((screen.getByLabelText('Warm-up steps') as HTMLInputElement).value).toBe('1');
    expect(screen.getByText("FLYP's recipe: 500 steps, or a tenth of a shorter run (this run: 10 steps)")).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Method'), 'tip-adapter-f');
    expect(cfg().schedule).toBe(DEFAULT_TRAIN_CONFIG.schedule);
    expect([cfg().lrHead, cfg().epochs, cfg().weightDecay]).toEqual([0.001, 20, DEFAULT_TRAIN_CONFIG.weightDecay]);
    await user.selectOptions(screen.getByLabelText('Method'), 'coop');
    expect([cfg().lrHead, cfg().epochs]).toEqual([0.002, DEFAULT_TRAIN_CONFIG.epochs]);
    await user.selectOptions(screen.getByLabelText('Method'), 'proreg');
    expect({ lrHead: cfg().lrHead, lrEncoder: cfg().lrEncoder, weightDecay: cfg().weightDecay, epochs: cfg().epochs }).toEqual({ ...base, lrHead: DEFAULT_TRAIN_CONFIG.lrHead });
  });

  it("FLYP's warm-up chosen before any images follows the run's length once images arrive, until the user types one", async () => {
    const e = new FakeEngine().on('load-model', () => MODEL_INFO).on('import-files', () => SUMMARY);
    const { studio } = renderWithStudio(<TrainingPanel />, e);
    await act(() => studio.bridge.loadModel({ kind: 'hub', repo: 'm' }));
    const user = userEvent.setup();
    const warmup = () => (screen.getByLabelText('Warm-up steps') as HTMLInputElement).value;
    await user.selectOptions(screen.getByLabelText('Method'), 'flyp');
    expect(warmup()).toBe('500');
    // 3 training images, batch 256, 10 epochs: a 10-step run, so a tenth of it.
    await act(() => studio.bridge.importFiles([{ path: 'x.jpg', blob: new Blob(['x']) }]));
    expect(warmup()).toBe('1');
    expect(studio.store.getState().trainConfig.warmupSteps).toBe(1);
    const epochs = screen.getByLabelText('Epochs');
    await user.clear(epochs);
    await user.type(epochs, '300');
    expect(warmup()).toBe('30');
    const field = screen.getByLabelText('Warm-up steps');
    await user.clear(field);
    await user.type(field, '7');
    await user.clear(epochs);
    await user.type(epochs, '100');
    expect(studio.store.getState().trainConfig.warmupSteps).toBe(7);
  });
});
