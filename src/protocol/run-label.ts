// A run's name on screen, given once when it starts: the engine keeps it with the run's record, and the UI
// shows the same name while the run's first events arrive.
import type { TrainConfig } from './train-types';

/** `#n method · scope` for the n-th run of a project (no scope for methods that train no encoder layers). */
export function runLabel(n: number, c: Pick<TrainConfig, 'method' | 'scope'>): string {
  const scope = c.method === 'zero-shot' || c.method === 'linear-probe' ? '' : ` · ${c.scope}`;
  return `#${n} ${c.method}${scope}`;
}
