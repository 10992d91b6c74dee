// Builds the benchmark's queue (every picked method x seed on the same data, splits and budget) and works
// through it one run at a time through the bridge, the same way a person would start and resume runs.
import { METHODS, STUDENT_METHODS, type Method, type TrainConfig } from '../protocol/train-config';
import type { MethodRunResult } from '../shared/method-table';
import type { AppState } from './app-store';
import type { BenchItem } from './bench-slice';
import type { EngineBridge } from './engine-bridge';
import { headlineEval, isLive, resumeStep } from './runs-slice';

/** Methods the table offers; "+proreg" adds ProReg's term to a student method. */
export const BENCH_METHODS: readonly string[] = [
  ...METHODS, ...STUDENT_METHODS.filter((m) => m !== 'tip-adapter').map((m) => `${m}+proreg`),
];

/** One item per method and seed: the base config (budget, splits) with the method and the seed set. */
export function benchQueue(base: TrainConfig, methods: string[], seeds: number[]): BenchItem[] {
  return seeds.flatMap((seed) =>
    methods.map((label) => {
      const method = label.replace(/\+proreg$/, '') as Method;
      const proreg = label.endsWith('+proreg');
      const methodOptions = { ...(base.methodOptions ?? undefined), proreg } as TrainConfig['methodOptions'];
      return { method: label, seed, runId: null, config: { ...base, method, seed, ...(methodOptions ? { methodOptions } : {}) } };
    }),
  );
}

export type ItemStatus = 'queued' | 'running' | 'done' | 'failed' | 'interrupted';

export function itemStatus(s: AppState, it: BenchItem): ItemStatus {
  const r = it.runId ? s.runs[it.runId] : undefined;
  if (!r) return 'queued';
  if (isLive(r.state)) return 'running';
  if (r.state === 'done') return 'done';
  return r.state === 'interrupted' ? 'interrupted' : 'failed';
}

/** Finished items as the table's input. */
export function benchResults(s: AppState): MethodRunResult[] {
  const out: MethodRunResult[] = [];
  for (const it of s.benchQueue) {
    const r = it.runId ? s.runs[it.runId] : undefined;
    const ev = r && r.state === 'done' ? headlineEval(r) : null;
    if (!ev) continue;
    const splits: MethodRunResult['splits'] = {};
    for (const sp of ev.splits) splits[sp.split] = { accuracy: sp.accuracy, perGroup: sp.perGroup, worstGroup: sp.worstGroup };
    out.push({ method: it.method, seed: it.seed, splits });
  }
  return out;
}

/** Runs every unfinished item in order; stops at the first failure (its message is on the Training panel). */
export async function runBenchQueue(get: () => AppState, bridge: EngineBridge): Promise<void> {
  const s0 = get();
  if (s0.benchActive) return;
  s0.setBenchActive(true);
  try {
    for (let i = 0; i < get().benchQueue.length; i++) {
      const s = get();
      const it = s.benchQueue[i];
      const status = itemStatus(s, it);
      if (status === 'done') continue;
      if (status === 'running') return; // another page or action drives it
      const run = it.runId ? s.runs[it.runId] : undefined;
      if (run && resumeStep(run) !== null) await bridge.resumeRun(run.id);
      else await bridge.startTraining({ config: it.config, onStarted: (runId) => get().setBenchItemRun(i, runId) });
      if (itemStatus(get(), get().benchQueue[i]) !== 'done') return;
    }
  } finally {
    get().setBenchActive(false);
  }
}
