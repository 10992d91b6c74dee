// The open project and what lives beside it in the browser: saved projects, cached models, dataset presets.
// The engine stores all of it; this slice is what the UI shows.
import type { StateCreator } from 'zustand';
import type { CachedModel, DatasetPresetInfo, ProjectInfo } from '../protocol/messages';
import type { AppState } from './app-store';

/** 'saving' from the first unsaved change until the engine confirms the write; 'failed' while writes fail. */
export type SaveStatus = 'saved' | 'saving' | 'failed';

export interface ProjectSlice {
  projectId: string | null;
  projectName: string;
  saveStatus: SaveStatus;
  /** Why the project is not being saved (storage full, ...), while that lasts. */
  storageProblem: string | null;
  projects: ProjectInfo[];
  cachedModels: CachedModel[];
  presets: DatasetPresetInfo[];
  /** The preset being downloaded and imported. */
  presetLoading: string | null;

  setProject(id: string, name: string): void;
  renameProject(name: string): void;
  setSaveStatus(status: SaveStatus): void;
  setStorageProblem(message: string | null): void;
  setProjects(list: ProjectInfo[]): void;
  setCachedModels(list: CachedModel[]): void;
  setPresets(list: DatasetPresetInfo[]): void;
  setPresetLoading(id: string | null): void;
}

export const createProjectSlice: StateCreator<AppState, [], [], ProjectSlice> = (set) => ({
  projectId: null,
  projectName: '',
  saveStatus: 'saved',
  storageProblem: null,
  projects: [],
  cachedModels: [],
  presets: [],
  presetLoading: null,

  setProject: (projectId, projectName) => set({ projectId, projectName }),
  renameProject: (projectName) =>
    set((s) => ({ projectName, projects: s.projects.map((p) => (p.id === s.projectId ? { ...p, name: projectName } : p)) })),
  setSaveStatus: (saveStatus) => set((s) => ({ saveStatus: s.storageProblem && saveStatus === 'saved' ? 'failed' : saveStatus })),
  setStorageProblem: (storageProblem) => set((s) => ({ storageProblem, saveStatus: storageProblem ? 'failed' : s.saveStatus === 'failed' ? 'saved' : s.saveStatus })),
  setProjects: (projects) => set({ projects }),
  setCachedModels: (cachedModels) => set({ cachedModels }),
  setPresets: (presets) => set({ presets }),
  setPresetLoading: (presetLoading) => set({ presetLoading }),
});
