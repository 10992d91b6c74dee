import { describe, expect, it } from 'vitest';
import { createAppStore } from './app-store';

describe('ui slice and model slice', () => {
  it('keeps one error per panel and clears it', () => {
    const st = createAppStore();
    st.getState().setError('Model', 'boom');
    st.getState().setError('Dataset', 'bad zip');
    st.getState().setError('Model', null);
    expect(st.getState().errors).toEqual({ Dataset: 'bad zip' });
  });

  it('selects samples, bounds the log, switches theme', () => {
    const st = createAppStore();
    st.getState().selectSample(3, 'r1');
    expect(st.getState().selectedSample).toEqual({ id: 3, runId: 'r1' });
    st.getState().selectSample(null);
    expect(st.getState().selectedSample).toBeNull();
    for (let i = 0; i < 150; i++) st.getState().addLog('info', `line ${i}`);
    expect(st.getState().log).toHaveLength(100);
    expect(st.getState().log[99].message).toBe('line 149');
    st.getState().setTheme('dark');
    expect(st.getState().theme).toBe('dark');
  });

  it('tracks a model load', () => {
    const st = createAppStore();
    st.getState().modelLoadStarted('openai/clip-vit-base-patch16');
    st.getState().setModelProgress({ phase: 'download', done: 1, total: 2 });
    expect(st.getState()).toMatchObject({ modelLoading: true, modelSource: 'openai/clip-vit-base-patch16' });
    st.getState().modelLoadFailed();
    expect(st.getState()).toMatchObject({ modelLoading: false, modelProgress: null });
    st.getState().setBackend({ name: 'cpu', reason: 'asked for', measured: {} });
    expect(st.getState().backend?.name).toBe('cpu');
  });
});
