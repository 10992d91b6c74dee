// @vitest-environment jsdom
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProjectState } from '../../protocol/messages';
import { DEFAULT_TRAIN_CONFIG } from '../../protocol/train-types';
import { downloads } from '../common/download';
import { FakeEngine } from '../../store/testing/fake-engine';
import { evalResult, MODEL_INFO, SUMMARY } from '../../store/testing/fixtures';
import { renderWithStudio } from '../testing/render-studio';
import { TrainingPanel } from './TrainingPanel';

const UI = {
  format: 'proreg-ui', version: 1, modelId: 'm/cached', templates: ['{}'], displayNames: {}, trainConfig: DEFAULT_TRAIN_CONFIG,
  runs: [
    {
      id: 'r1', label: '#1 proreg · full', config: DEFAULT_TRAIN_CONFIG, state: 'done', startedAt: 1, evals: [], checkpoints: [], error: null,
      summary: { runId: 'r1', steps: 2, stopped: false, bestStep: 2, final: null },
      steps: { step: [0, 1], epoch: [0, 0], loss: [2, 1], lrEncoder: [0, 0], lrHead: [0, 0], means: { ce: [2, 1] } },
    },
    { id: 'r2', label: '#2 finetune · full', config: { ...DEFAULT_TRAIN_CONFIG, method: 'finetune' }, state: 'running', startedAt: 2, evals: [], checkpoints: [], summary: null, error: null, steps: null },
  ],
};

const STATE: ProjectState = {
  projectId: 'p1', name: 'Actions', classes: SUMMARY.classes, samples: SUMMARY.samples, ui: UI,
  runs: [
    { runId: 'r1', config: DEFAULT_TRAIN_CONFIG, done: true, lastStep: 2, bestStep: 2, final: evalResult(2, 0.9), resumable: false },
    { runId: 'r2', config: { ...DEFAULT_TRAIN_CONFIG, method: 'finetune' }, done: false, lastStep: 6, bestStep: 6, final: null, resumable: true },
  ],
};

afterEach(() => vi.restoreAllMocks());

describe('Training runs list', () => {
  it('shows a restored interrupted run and resumes it from its checkpoint once the model is back', async () => {
    let release: () => void = () => {};
    const e = new FakeEngine()
      .on('open-project', () => STATE)
      .on('list-projects', () => []).on('list-presets', () => [])
      .on('list-cached-models', () => [{ repo: 'm/cached', bytes: 1 }])
      .on('load-model', () => new Promise((res) => (release = () => res(MODEL_INFO))))
      .on('save-ui-state', () => null)
      .on('set-dataset', () => ({ samples: 4, classes: 2 }))
      .on('set-prompts', () => ({ prompts: [], zeroShot: evalResult(0, 0.5) }))
      .on('train', (r) => ({ runId: r.runId, steps: 8, stopped: false, final: evalResult(8, 0.95), bestStep: 8 }));
    const { studio } = renderWithStudio(<TrainingPanel />, e);
    const starting = studio.project.start();
    await act(() => new Promise((r) => setTimeout(r, 0)));
    const runs = screen.getByRole('table', { name: 'Training runs' });
    expect(within(runs).getByRole('row', { name: /#2 finetune · full/ }).textContent).toMatch(/interrupted/);
    const resume = screen.getByRole('button', { name: 'Resume #2 finetune · full' }) as HTMLButtonElement;
    expect(resume.disabled).toBe(true); // the model is still reloading
    const exportCheckpoint = screen.getByRole('button', { name: 'Export checkpoint #2 finetune · full' }) as HTMLButtonElement;
    expect(exportCheckpoint.disabled).toBe(true);
    await act(async () => {
      release();
      await starting;
    });
    expect(resume.disabled).toBe(false);
    expect(exportCheckpoint.disabled).toBe(false); // an interrupted run can leave with its checkpoint
    await userEvent.setup().click(resume);
    expect(e.sent('train')).toEqual([{ type: 'train', runId: 'r2', config: { ...DEFAULT_TRAIN_CONFIG, method: 'finetune' }, resume: true }]);
    await act(() => new Promise((r) => setTimeout(r, 0)));
    expect(studio.store.getState().runs.r2.state).toBe('done');
    expect(screen.queryByRole('button', { name: 'Resume #2 finetune · full' })).toBeNull();
  });

  it('exports a finished run\'s model as one zip and its metrics as CSV', async () => {
    const save = vi.spyOn(downloads, 'save').mockImplementation(() => {});
    const e = new FakeEngine()
      .on('open-project', () => STATE)
      .on('list-projects', () => []).on('list-presets', () => []).on('list-cached-models', () => [])
      .on('export-model', () => [{ name: 'config.json', bytes: new TextEncoder().encode('{}').buffer as ArrayBuffer }, { name: 'head.json', bytes: new TextEncoder().encode('[]').buffer as ArrayBuffer }]);
    const { studio } = renderWithStudio(<TrainingPanel />, e);
    await act(() => studio.project.start());
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Export model #1 proreg · full' }));
    expect(e.sent('export-model')).toEqual([{ type: 'export-model', runId: 'r1' }]);
    const [zip, zipName] = save.mock.calls[0];
    expect(zipName).toBe('1-proreg-full-model.zip');
    expect(Object.keys(unzipSync(new Uint8Array(await zip.arrayBuffer())))).toContain('1-proreg-full-model/head.json');
    await user.click(screen.getByRole('button', { name: 'Export metrics #1 proreg · full' }));
    const [csv, csvName] = save.mock.calls[1];
    expect(csvName).toBe('1-proreg-full-metrics.csv');
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('row,step,epoch,loss,mean_ce,lr_encoder,lr_head,accuracy_train,accuracy_test');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['step', 'step', 'final']);
  });
});
