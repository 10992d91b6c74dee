// The model being fine-tuned: where it comes from, its load progress, what the engine reports about it.
import type { StateCreator } from 'zustand';
import type { BackendChoice, BackendReport, ModelInfo, Progress } from '../protocol/messages';
import type { AppState } from './app-store';

export interface ModelSlice {
  /** Hugging Face repo id typed by the user. */
  modelId: string;
  /** What was asked to load: a repo id or "local folder (n files)". */
  modelSource: string | null;
  modelLoading: boolean;
  /** download / load / warmup progress of the current load. */
  modelProgress: Progress | null;
  modelInfo: ModelInfo | null;
  /** The project's Hugging Face model: the repo loaded last, or the saved one before it reloads from the cache. */
  hubModel: string | null;
  backendChoice: BackendChoice;
  /** The latest report: from 'init' or from the loaded model. */
  backend: BackendReport | null;

  setModelId(id: string): void;
  modelLoadStarted(source: string): void;
  setModelProgress(p: Progress | null): void;
  modelLoaded(info: ModelInfo, hubRepo?: string): void;
  modelLoadFailed(): void;
  setBackendChoice(choice: BackendChoice): void;
  setBackend(report: BackendReport): void;
}

export const MODEL_SUGGESTIONS = [
  'openai/clip-vit-base-patch32',
  'openai/clip-vit-base-patch16',
  'laion/CLIP-ViT-B-32-laion2B-s34B-b79K',
] as const;

export const createModelSlice: StateCreator<AppState, [], [], ModelSlice> = (set) => ({
  modelId: MODEL_SUGGESTIONS[0],
  modelSource: null,
  modelLoading: false,
  modelProgress: null,
  modelInfo: null,
  hubModel: null,
  backendChoice: 'auto',
  backend: null,

  setModelId: (modelId) => set({ modelId }),
  modelLoadStarted: (modelSource) => set({ modelSource, modelLoading: true, modelProgress: null }),
  setModelProgress: (modelProgress) => set({ modelProgress }),
  modelLoaded: (info, hubRepo) =>
    set((s) => ({ modelInfo: info, backend: info.backend, modelLoading: false, modelProgress: null, hubModel: hubRepo ?? s.hubModel })),
  modelLoadFailed: () => set({ modelLoading: false, modelProgress: null }),
  setBackendChoice: (backendChoice) => set({ backendChoice }),
  setBackend: (backend) =>
    set((s) => ({ backend, modelInfo: s.modelInfo ? { ...s.modelInfo, backend } : null })),
});
