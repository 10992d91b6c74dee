// @vitest-environment jsdom
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FakeEngine } from '../testing/fake-engine';
import { MODEL_INFO } from '../testing/fixtures';
import { renderWithStudio } from '../testing/render-studio';
import { ModelPanel } from './ModelPanel';

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
