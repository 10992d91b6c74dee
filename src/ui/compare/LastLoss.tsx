// A run's last training loss, read from the metrics store at most once a second (runs trained here and
// runs imported from an exported PyTorch project line up to the fourth decimal when they agree).
import { runKey } from '../../store/metrics-watch';
import { useMetricsFrame } from '../common/studio-context';

export function LastLoss({ runId }: { runId: string }) {
  const { metrics } = useMetricsFrame(1000, runKey(runId));
  const last = metrics.runs[runId]?.lastStep ?? null;
  if (!last) return <>–</>;
  return <span title={`step ${last.step}: ${last.loss}`}>{last.loss.toFixed(4)}</span>;
}
