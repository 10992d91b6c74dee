// View state shared between panels: theme, errors per panel, the selected sample, the engine's log.
import type { StateCreator } from 'zustand';
import type { Progress } from '../protocol/messages';
import type { AppState } from './app-store';

export type PanelName = 'Project' | 'Model' | 'Dataset' | 'Prompts' | 'Training' | 'Live charts' | 'Inspection' | 'Comparison' | 'Benchmark';
export type Theme = 'system' | 'light' | 'dark';
export type ColourBy = 'class' | 'group';

export interface LogLine {
  level: 'info' | 'warn';
  message: string;
  at: number;
}

export interface UiSlice {
  theme: Theme;
  errors: Partial<Record<PanelName, string>>;
  /** Sample whose detail view is open, and the run it is inspected in. */
  selectedSample: { id: number; runId: string | null } | null;
  colourBy: ColourBy;
  /** Engine work not tied to a run or a model load (decoding an import, zero-shot evaluation). */
  activity: Progress | null;
  log: LogLine[];
  /** Run shown by the charts and the inspection (null = follow the active run). */
  shownRunId: string | null;
  /** Images per second the engine last measured encoding images (zero-shot features): what time estimates use. */
  encodeRate: number | null;

  showRun(id: string | null): void;
  setTheme(t: Theme): void;
  setError(panel: PanelName, message: string | null): void;
  selectSample(id: number | null, runId?: string | null): void;
  setColourBy(c: ColourBy): void;
  setActivity(p: Progress | null): void;
  addLog(level: LogLine['level'], message: string): void;
}

const LOG_LIMIT = 100;

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  theme: 'system',
  errors: {},
  selectedSample: null,
  colourBy: 'class',
  activity: null,
  log: [],
  shownRunId: null,
  encodeRate: null,

  showRun: (shownRunId) => set({ shownRunId }),
  setTheme: (theme) => set({ theme }),
  setError: (panel, message) =>
    set((s) => {
      const errors = { ...s.errors };
      if (message) errors[panel] = message;
      else delete errors[panel];
      return { errors };
    }),
  selectSample: (id, runId = null) => set({ selectedSample: id === null ? null : { id, runId } }),
  setColourBy: (colourBy) => set({ colourBy }),
  setActivity: (activity) => set({ activity }),
  addLog: (level, message) => set((s) => ({ log: [...s.log.slice(-(LOG_LIMIT - 1)), { level, message, at: Date.now() }] })),
});
