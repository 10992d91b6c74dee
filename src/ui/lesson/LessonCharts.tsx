// The lesson's live charts: the per-step lines the studio draws, for the loss parts a class follows.
import { useMemo } from 'react';
import { runKey } from '../../store/metrics-watch';
import { isLive } from '../../store/runs-slice';
import { partLines } from '../charts/chart-data';
import { partApplies } from '../charts/chart-words';
import { PartCharts } from '../charts/PartCharts';
import { useApp, useMetricsFrame } from '../common/studio-context';

/** A run's error on the labels, distance from the prompt and, for ProReg, trust in the prompt (the active run
 * when none is named). */
export function LessonCharts({ runId: named }: { runId?: string }) {
  const active = useApp((s) => s.activeRunId);
  const runId = named ?? active;
  const config = useApp((s) => (runId ? s.runs[runId]?.config : undefined));
  const live = useApp((s) => (runId ? isLive(s.runs[runId]?.state) : false));
  const { metrics, version } = useMetricsFrame(500, runKey(runId));
  const run = runId ? metrics.runs[runId] : undefined;
  const lines = useMemo(
    () => partLines(run).filter((l) => ['ce', 'kl', 'w'].includes(l.name) && partApplies(l.name, config)),
    [run, version, config],
  );
  return lines.length > 0 ? <PartCharts lines={lines} live={live} /> : null;
}
