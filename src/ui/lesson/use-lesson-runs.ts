// Queues the lesson's three runs one after the other through the bridge, remembering which run is which, and
// puts the user's own training settings back when they end.
import { useCallback, useState } from 'react';
import type { TrainConfig } from '../../protocol/train-types';
import { useStudio } from '../common/studio-context';
import { LESSON_METHODS, type LessonMethod } from './lesson-plan';

export type RunIds = Partial<Record<LessonMethod, string>>;

export function useLessonRuns() {
  const { store, bridge } = useStudio();
  const [ids, setIds] = useState<RunIds>({});
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);

  const start = useCallback(async (configs: Record<LessonMethod, TrainConfig>) => {
    setBusy(true);
    setFailed(null);
    setIds({});
    const own = store.getState().trainConfig;
    try {
      for (const m of LESSON_METHODS) {
        store.getState().setTrainConfig(configs[m]);
        const before = store.getState().activeRunId;
        const done = bridge.startTraining();
        const id = store.getState().activeRunId;
        if (id && id !== before) setIds((x) => ({ ...x, [m]: id }));
        const finished = await done;
        const run = finished ? store.getState().runs[finished] : undefined;
        if (!finished || run?.state !== 'done') {
          setFailed(run?.error ?? store.getState().errors.Training ?? `the ${m} run did not finish`);
          return;
        }
      }
    } finally {
      store.getState().setTrainConfig(own);
      setBusy(false);
    }
  }, [store, bridge]);

  return { ids, busy, failed, start };
}
