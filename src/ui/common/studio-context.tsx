// React access to one studio: narrow selectors over the app store, the bridge's actions, and a throttled
// view of the transient metrics store.
import { createContext, startTransition, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { AppState } from '../../store/app-store';
import type { EngineBridge } from '../../store/engine-bridge';
import type { MetricsState } from '../../store/metrics-store';
import { watchMetrics, type WatchKey } from '../../store/metrics-watch';
import type { Studio } from '../../store/studio';

const StudioContext = createContext<Studio | null>(null);

export function StudioProvider({ studio, children }: { studio: Studio; children: ReactNode }) {
  return <StudioContext.Provider value={studio}>{children}</StudioContext.Provider>;
}

export function useStudio(): Studio {
  const s = useContext(StudioContext);
  if (!s) throw new Error('useStudio outside <StudioProvider>');
  return s;
}

/** One value from the app store; re-renders only when it changes (Object.is). */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(useStudio().store, selector);
}

/** Several values (an object or array) compared shallowly. */
export function useAppShallow<T>(selector: (s: AppState) => T): T {
  return useStore(useStudio().store, useShallow(selector));
}

export function useBridge(): EngineBridge {
  return useStudio().bridge;
}

const raf: (cb: () => void) => number =
  typeof requestAnimationFrame === 'function' ? (cb) => requestAnimationFrame(cb) : (cb) => setTimeout(cb, 16) as unknown as number;

/**
 * The metrics store, read at most once per `intervalMs` and on an animation frame. Subscribes transiently, so
 * a burst of step events costs one render. Returns the state and its version (use the version as a memo key).
 * On a busy or starved main thread (a loaded machine) the frames come later than asked; then they also come
 * less often (up to 4x `intervalMs`), so that the views leave the thread free for what the user does.
 * The views re-render as a transition, in slices React interrupts for input and frames: rendered at once, the
 * live charts' update was the costliest task of a run with the CPU slowed 4x in the training-ui bench (up to
 * 390-490 ms of CPU); sliced, no task of such a run passed 210 ms.
 * `select` names what the view shows (metrics-watch.ts): updates that leave its key as it was are ignored.
 */
export function useMetricsFrame(intervalMs = 250, select: (m: MetricsState) => WatchKey = (m) => m.version): { metrics: MetricsState; version: number } {
  const store = useStudio().metrics;
  const [version, setVersion] = useState(() => store.getState().version);
  // Read at each update: a view that now shows another sample or run keys on it from the next update on.
  const selectRef = useRef(select);
  selectRef.current = select;
  useEffect(() => {
    let last = 0;
    let pending = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let alive = true;
    let due = 0;
    let spacing = intervalMs;
    const flush = () => {
      pending = false;
      if (!alive) return;
      last = Date.now();
      // Lateness beyond a frame's wait says how busy the thread is: space the next frames by it.
      const late = Math.max(0, last - due - 50);
      spacing = Math.min(4 * intervalMs, intervalMs + 2 * late);
      // A transition: React renders the views in slices and yields to input and frames between them.
      startTransition(() => setVersion(store.getState().version));
    };
    const unsub = watchMetrics(store, (m) => selectRef.current(m), () => {
      if (pending) return;
      pending = true;
      const wait = Math.max(0, spacing - (Date.now() - last));
      due = Date.now() + wait;
      timer = setTimeout(() => raf(flush), wait);
    });
    setVersion(store.getState().version);
    return () => {
      alive = false;
      unsub();
      if (timer) clearTimeout(timer);
    };
  }, [store, intervalMs]);
  return { metrics: store.getState(), version };
}
