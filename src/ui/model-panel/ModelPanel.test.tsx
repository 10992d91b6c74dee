// @vitest-environment jsdom
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FakeEngine } from '../../store/testing/fake-engine';
import { MODEL_INFO } from '../../store/testing/fixtures';
import { renderWithStudio } from '../testing/render-studio';
import { ModelPanel } from './ModelPanel';
import { MODEL_SUGGESTIONS } from '../../store/model-slice';

describe('Model panel', () => {
  it('loads a hub model, shows progress, parameters, backend and memory per scope', async () => {
    let release: () => void = () => {};
    const engine = new FakeEngine().on('load-model', () => new Promise((res) => (release = () => res(MODEL_INFO))));
    renderWithStudio(<ModelPanel />, engine);
    const user = userEvent.setup();
    const input = screen.getByLabelText('Model id');
    await user.clear(input);
    await user.type(input, 'openai/clip-vit-base-patch16');
    await user.click(screen.getByRole('button', { name: 'Load model' }));
    expect(engine.sent('load-model')[0].source).toEqual({ kind: 'hub', repo: 'openai/clip-vit-base-patch16' });
    act(() => engine.emit({ type: 'progress', progress: { phase: 'download', done: 40, total: 100, detail: 'model.safetensors' } }));
    expect(screen.getByRole('progressbar', { name: 'Model load progress' })).toBeTruthy();
    expect(screen.getByText('· model.safetensors')).toBeTruthy();
    await act(async () => release());
    const region = screen.getByRole('region', { name: 'Model' });
    expect(within(region).getByText(/151.2M total/)).toBeTruthy();
    const mem = within(region).getByRole('table', { name: 'Memory needed per training scope' });
    expect(within(mem).getByText('3.2 GB')).toBeTruthy();
    expect(within(mem).getByText('900 MB')).toBeTruthy();
    expect(within(mem).getByRole('columnheader', { name: 'Memory needed (16 images per pass)' })).toBeTruthy();
    expect(within(region).getByLabelText('Backend report').textContent).toMatch(/wasm.*WASM measured fastest/);
  });

  it('shows engine errors in an alert and re-inits the backend on override', async () => {
    const engine = new FakeEngine()
      .on('load-model', () => Promise.reject(Object.assign(new Error('no such repo'), { name: 'HubError' })))
      .on('init', (r) => ({ name: r.backend === 'auto' ? 'wasm' : r.backend, reason: 'chosen by you', measured: {} }));
    renderWithStudio(<ModelPanel />, engine);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Load model' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^no such repo/);
    await user.selectOptions(screen.getByLabelText('Backend'), 'cpu');
    expect(engine.sent('init')[0]).toEqual({ type: 'init', backend: 'cpu' });
    expect((await screen.findByLabelText('Backend report')).textContent).toMatch(/cpu/);
  });

  it('loads a picked local folder keyed by file name', async () => {
    const engine = new FakeEngine().on('load-model', () => MODEL_INFO);
    renderWithStudio(<ModelPanel />, engine);
    const files = ['config.json', 'model.safetensors'].map((n) => {
      const f = new File(['{}'], n);
      Object.defineProperty(f, 'webkitRelativePath', { value: `my-clip/${n}` });
      return f;
    });
    await userEvent.setup().upload(screen.getByLabelText('Choose model folder'), files);
    const src = engine.sent('load-model')[0].source;
    expect(src).toMatchObject({ kind: 'files', name: 'my-clip' });
    expect((screen.getByLabelText('Model id') as HTMLInputElement).value).toBe(''); // no longer the hub default
    expect(Object.keys(src.kind === 'files' ? src.files : {}).sort()).toEqual(['config.json', 'model.safetensors']);
  });
});

describe('Models kept in this browser', () => {
  it('lists hub downloads and dropped folders with their size; delete asks first and says what it frees', async () => {
    let kept = [{ repo: 'openai/clip-vit-base-patch32', bytes: 605 * 1024 ** 2 }, { repo: 'my-clip-0badf00d', bytes: 16 * 1024 ** 2, folder: 'my-clip' }];
    const engine = new FakeEngine()
      .on('list-cached-models', () => kept)
      .on('delete-cached-model', (r) => {
        kept = kept.filter((m) => m.repo !== r.repo);
        return null;
      });
    const { studio } = renderWithStudio(<ModelPanel />, engine);
    await act(() => studio.bridge.refreshCachedModels());
    const table = screen.getByRole('table', { name: 'Cached models' });
    expect(within(table).getByRole('row', { name: /my-clip \(dropped folder\) 16 MB/ })).toBeTruthy();
    expect(within(table).getByText('621 MB')).toBeTruthy(); // the total
    const user = userEvent.setup();
    await user.click(within(table).getByRole('button', { name: 'Delete cached model folder “my-clip”' }));
    const ask = within(table).getByRole('alertdialog', { name: 'Delete folder “my-clip”?' });
    expect(ask.textContent).toMatch(/Free 16 MB\? Projects using it need the folder picked again\./);
    await user.click(within(ask).getByRole('button', { name: 'Keep it' }));
    expect(engine.sent('delete-cached-model')).toHaveLength(0);
    await user.click(within(table).getByRole('button', { name: 'Delete cached model folder “my-clip”' }));
    await user.click(within(table).getByRole('button', { name: 'Delete folder “my-clip”' }));
    expect(engine.sent('delete-cached-model')).toEqual([{ type: 'delete-cached-model', repo: 'my-clip-0badf00d', folder: true }]);
    await within(table).findByText('605 MB');
    expect(within(table).queryByText(/my-clip/)).toBeNull();
  });
});

describe('Model picker', () => {
  it('looks up every suggested model and shows download size, what fits and the expected speed', async () => {
    const engine = new FakeEngine().on('model-facts', (r) => r.repo.includes('large')
      ? { repo: r.repo, downloadBytes: 1.71e9, weights: { format: 'bin', files: ['pytorch_model.bin'] }, parameters: { vision: 3.0e8, total: 4.28e8 },
        memory: [{ scope: 'head', bytes: 1.8e9, fits: true }, { scope: 'last-2', bytes: 2.6e9, fits: true }, { scope: 'full', bytes: 9.1e9, fits: false }],
        visionGflops: 162, imagesPerSec: { backend: 'wasm', gflops: 60, encode: 0.37, fullStep: 0.12 } }
      : r.repo.includes('Tiny') ? Promise.reject(Object.assign(new Error('wkcn/x is gated or private (HTTP 401)'), { name: 'HubError' }))
        : { repo: r.repo, holds: 'only TensorFlow (tf_model.h5) weights', downloadBytes: 0 });
    renderWithStudio(<ModelPanel />, engine);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Look up sizes and fit' }));
    expect(engine.sent('model-facts').map((r) => r.repo)).toEqual([...MODEL_SUGGESTIONS]);
    const table = screen.getByRole('table', { name: 'Models to choose from' });
    const large = within(table).getByRole('row', { name: 'openai/clip-vit-large-patch14' });
    await within(large).findByText('1.6 GB');
    expect(large.textContent).toMatch(/full ✗ \(8\.5 GB > 4 GB\)/);
    expect(large.textContent).toMatch(/head ✓/);
    expect(large.textContent).toMatch(/~0\.4 \/ ~0\.1/);
    const b32 = within(table).getByRole('row', { name: 'openai/clip-vit-base-patch32' });
    expect(b32.textContent).toMatch(/has only TensorFlow \(tf_model\.h5\) weights: not loadable here/);
    const tiny = within(table).getByRole('row', { name: 'wkcn/TinyCLIP-ViT-8M-16-Text-3M-YFCC15M' });
    expect(tiny.textContent).toMatch(/gated or private/);
  });
});
