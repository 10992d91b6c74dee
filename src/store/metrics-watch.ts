// What a view of the metrics store shows, as a key: the view hears of a change only when its key moves. A
// step of one run leaves the views of other runs alone, a sample's detail waits for a step on that sample,
// and a burst of steps that leaves a key as it was costs its view nothing (no timer, no render).
import type { MetricsState, MetricsStore } from './metrics-store';

/** A value, or a short list of values compared one by one (Object.is). */
export type WatchKey = unknown;

export function sameKey(a: WatchKey, b: WatchKey): boolean {
  if (Object.is(a, b)) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((x, i) => Object.is(x, b[i]));
}

/**
 * Calls `onChange` after a store update that moved `select`'s key (not for updates that left it as it was).
 * Returns the unsubscribe function.
 */
export function watchMetrics(store: MetricsStore, select: (m: MetricsState) => WatchKey, onChange: () => void): () => void {
  let key = select(store.getState());
  return store.subscribe((m) => {
    const next = select(m);
    if (sameKey(key, next)) return;
    key = next;
    onChange();
  });
}

/** The key of a view of one run as a whole (its charts, its table): the run's own version. */
export function runKey(runId: string | null | undefined): (m: MetricsState) => WatchKey {
  return (m) => (runId ? (m.runs[runId]?.version ?? -1) : -1);
}
