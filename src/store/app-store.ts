// The one app store, composed from typed slices. Created per app (and per test) rather than as a module global.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createBenchSlice, type BenchSlice } from './bench-slice';
import { createDatasetSlice, type DatasetSlice } from './dataset-slice';
import { createModelSlice, type ModelSlice } from './model-slice';
import { createProjectSlice, type ProjectSlice } from './project-slice';
import { createPromptsSlice, type PromptsSlice } from './prompts-slice';
import { createRunsSlice, type RunsSlice } from './runs-slice';
import { createUiSlice, type UiSlice } from './ui-slice';

export type AppState = ModelSlice & DatasetSlice & PromptsSlice & RunsSlice & UiSlice & ProjectSlice & BenchSlice;
export type AppStore = StoreApi<AppState>;

export function createAppStore(): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createModelSlice(...a),
    ...createDatasetSlice(...a),
    ...createPromptsSlice(...a),
    ...createRunsSlice(...a),
    ...createUiSlice(...a),
    ...createProjectSlice(...a),
    ...createBenchSlice(...a),
  }));
}
