// The model being fine-tuned: where it comes from, its load progress, what the engine reports about it.
import type { StateCreator } from 'zustand';
import type { BackendChoice, BackendReport, ModelFacts, ModelInfo, Progress } from '../protocol/messages';
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
  /** The project's model when it is a dropped folder kept in browser storage: its storage key. */
  localModel: string | null;
  backendChoice: BackendChoice;
  /** The latest report: from 'init' or from the loaded model. */
  backend: BackendReport | null;

  /** Facts per hub repo, looked up on request (listing + config.json; no weights downloaded). */
  modelFacts: Record<string, ModelFacts | { error: string } | 'loading'>;

  setModelId(id: string): void;
  setModelFacts(repo: string, facts: ModelFacts | { error: string } | 'loading'): void;
  modelLoadStarted(source: string): void;
  setModelProgress(p: Progress | null): void;
  modelLoaded(info: ModelInfo, hubRepo?: string): void;
  modelLoadFailed(): void;
  setBackendChoice(choice: BackendChoice): void;
  setBackend(report: BackendReport): void;
}

/** The picker's models: the paper's backbones, a LAION one, and small CLIPs for a laptop or a classroom. */
export const MODEL_SUGGESTIONS = [
  'openai/clip-vit-base-patch32',
  'openai/clip-vit-base-patch16',
  'openai/clip-vit-large-patch14',
  'laion/CLIP-ViT-B-32-laion2B-s34B-b79K',
  'wkcn/TinyCLIP-ViT-8M-16-Text-3M-YFCC15M',
  'wkcn/TinyCLIP-ViT-40M-32-Text-19M-LAION400M',
] as const;

export const createModelSlice: StateCreator<AppState, [], [], ModelSlice> = (set) => ({
  modelId: MODEL_SUGGESTIONS[0],
  modelSource: null,
  modelLoading: false,
  modelProgress: null,
  modelInfo: null,
  hubModel: null,
  localModel: null,
  backendChoice: 'auto',
  backend: null,

  modelFacts: {},
  setModelId: (modelId) => set({ modelId }),
  setModelFacts: (repo, facts) => set((s) => ({ modelFacts: { ...s.modelFacts, [repo]: facts } })),
  modelLoadStarted: (modelSource) => set({ modelSource, modelLoading: true, modelProgress: null }),
  setModelProgress: (modelProgress) => set({ modelProgress }),
  modelLoaded: (info, hubRepo) =>
    set(() => ({
      modelInfo: info, backend: info.backend, modelLoading: false, modelProgress: null,
      // The project's model is the one loaded last: a hub repository or a kept folder (a folder that could
      // not be kept leaves neither, so a reload does not bring back an older one).
      ...(hubRepo ? { hubModel: hubRepo, localModel: null } : info.stored ? { hubModel: null, localModel: info.stored.key } : { hubModel: null, localModel: null }),
    })),
  modelLoadFailed: () => set({ modelLoading: false, modelProgress: null }),
  setBackendChoice: (backendChoice) => set({ backendChoice }),
  setBackend: (backend) =>
    set((s) => ({ backend, modelInfo: s.modelInfo ? { ...s.modelInfo, backend } : null })),
});
