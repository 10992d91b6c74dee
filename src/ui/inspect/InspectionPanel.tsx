// Inspection: which samples lean on the prompt (w), which the model gets wrong, and where it is confused.
// A newly shown run (Start picks the new run) renders here as a deferred value: the sample table and the
// confusion matrix mount in a transition React renders in slices, not in the Start click's task.
import { useDeferredValue } from 'react';
import { headlineEval, isLive } from '../../store/runs-slice';
import { CALM_MS, useCalm } from '../common/use-calm';
import { RunPicker, useShownRun } from '../charts/RunPicker';
import { Panel } from '../common/Panel';
import { useApp } from '../common/studio-context';
import { ConfusionMatrix } from './ConfusionMatrix';
import { SampleTable } from './SampleTable';

export function InspectionPanel() {
  const runId = useDeferredValue(useShownRun());
  const live = useApp((s) => (runId ? isLive(s.runs[runId]?.state) : false));
  const runEval = useCalm(useApp((s) => (runId && s.runs[runId] ? headlineEval(s.runs[runId]) : null)), live, CALM_MS);
  const runLabel = useApp((s) => (runId ? s.runs[runId]?.label : undefined));
  const zeroShot = useApp((s) => s.promptCheck?.zeroShot ?? null);
  const result = runEval ?? zeroShot;
  return (
    <Panel name="Inspection" wide actions={<RunPicker label="Run to inspect" />}>
      {runId ? <SampleTable runId={runId} /> : <p className="empty">Train a run to rank samples by w, ce, kl and how far the fine-tuned model moved from the prompt.</p>}
      {result ? (
        <ConfusionMatrix
          key={`${runId}-${result.step}`}
          result={result}
          runId={runId}
          title={runEval ? `${runLabel}, step ${runEval.step}` : 'Zero-shot prompts'}
        />
      ) : (
        <p className="empty">A confusion matrix appears after the first evaluation (or once the prompts are checked).</p>
      )}
    </Panel>
  );
}
