// Heavy renders (a chart mounting or redrawing) take turns: one per task, so the burst that follows a training
// event (the first step mounts half a dozen charts) becomes several short tasks instead of one long one that
// freezes the page. A component shows the last value the queue let through and asks for a turn when its
// value changes; a value that changes again before its turn keeps its place in the line.
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';

const queue = new Map<object, () => void>();
let timer: ReturnType<typeof setTimeout> | null = null;

function pump(): void {
  timer = null;
  const next = queue.entries().next();
  if (next.done) return;
  const [key, job] = next.value;
  queue.delete(key);
  try {
    // Render now, inside this task, so that two turns never share one.
    flushSync(job);
  } finally {
    if (queue.size > 0) timer = setTimeout(pump, 0);
  }
}

/** Runs `job` (which sets React state) in a task of its own, after the turns already waiting. */
export function takeTurn(key: object, job: () => void): void {
  queue.set(key, job);
  timer ??= setTimeout(pump, 0);
}

export function leaveQueue(key: object): void {
  queue.delete(key);
}

/**
 * `value` as of this component's last turn (undefined before the first). With `wait` false the value passes
 * straight through, as it does when nothing is training.
 */
export function useTurn<T>(value: T, wait = true): T | undefined {
  const [key] = useState(() => ({}));
  const [shown, setShown] = useState<{ value: T } | undefined>(() => (wait ? undefined : { value }));
  // Not waiting: follow the value (adjusting state while rendering), so that waiting starts from it later.
  if (!wait && shown?.value !== value) setShown({ value });
  useEffect(() => {
    if (!wait) return;
    if (shown?.value === value) leaveQueue(key);
    else takeTurn(key, () => setShown({ value }));
  }, [key, value, wait, shown]);
  useEffect(() => () => leaveQueue(key), [key]);
  return wait ? shown?.value : value;
}
