// The benchmark table's queue: one item per (method, seed), each the config it runs with and, once
// started, its run. Saved with the project (project-state.ts), so a reload keeps the queue: finished
// items stay finished, the interrupted one resumes from its checkpoint, the rest start when continued.
import type { StateCreator } from 'zustand';
import type { TrainConfig } from '../protocol/train-types';
import type { AppState } from './app-store';

export interface BenchItem {
  /** The row it belongs to: the method, "+proreg" where ProReg's term is added. */
  method: string;
  seed: number;
  config: TrainConfig;
  /** The run it started (null while queued). */
  runId: string | null;
}

export interface BenchSlice {
  benchQueue: BenchItem[];
  /** True while the queue is being worked through in this page. */
  benchActive: boolean;
  setBenchQueue(items: BenchItem[]): void;
  setBenchItemRun(index: number, runId: string): void;
  setBenchActive(on: boolean): void;
}

export const createBenchSlice: StateCreator<AppState, [], [], BenchSlice> = (set) => ({
  benchQueue: [],
  benchActive: false,
  setBenchQueue: (benchQueue) => set({ benchQueue }),
  setBenchItemRun: (index, runId) => set((s) => ({ benchQueue: s.benchQueue.map((it, i) => (i === index ? { ...it, runId } : it)) })),
  setBenchActive: (benchActive) => set({ benchActive }),
});
