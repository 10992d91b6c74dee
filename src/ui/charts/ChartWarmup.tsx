// The first recharts chart of each kind on a page runs cold code (compiled on first call) and costs two to
// three times the next one. Before any run, while the page is idle, the live charts draw one invisible
// example of each kind, one per task, then remove them: the first training step does not pay for it.
import { useEffect, useState } from 'react';
import { leaveQueue, takeTurn } from '../common/render-queue';
import { AccuracyLines, type Rows } from './AccuracyChart';
import { PartLine } from './PartCharts';
import { Bars, type Bins } from './WeightHistogram';

const POINTS = [{ x: 0, y: 1 }, { x: 1, y: 0.5 }, { x: 2, y: 0.25 }];
const BINS: Bins = [{ bin: '0.00', from: 0, count: 2 }, { bin: '0.50', from: 0.5, count: 1 }];
const ROWS: Rows = { rows: [{ step: 0, val: 0.5 }, { step: 1, val: 0.75 }], splits: ['val'] };
const KINDS = [
  () => <PartLine width={200} name="warm-up" points={POINTS} colour="#888888" live />,
  () => <Bars width={200} bins={BINS} live />,
  () => <AccuracyLines width={200} data={ROWS} live={false} />,
];

function whenIdle(fn: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(fn, { timeout: 5000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(fn, 1000);
  return () => clearTimeout(id);
}

export function ChartWarmup() {
  // -1: waiting for idle time; 0..KINDS.length-1: drawing that kind; KINDS.length: done.
  const [stage, setStage] = useState(-1);
  useEffect(() => {
    if (stage < 0) return whenIdle(() => setStage(0));
    if (stage >= KINDS.length) return;
    const key = {};
    takeTurn(key, () => setStage(stage + 1));
    return () => leaveQueue(key);
  }, [stage]);
  const Kind = KINDS[stage];
  if (!Kind) return null;
  return (
    <div aria-hidden="true" className="chart-warmup">
      <Kind />
    </div>
  );
}
