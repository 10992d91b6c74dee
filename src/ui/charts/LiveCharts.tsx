// Live charts: per-step part means, this epoch's per-sample scatters and w histogram, accuracy per split.
// Reads the transient metrics store at most twice per second; never re-renders the rest of the app. The
// charts redraw only when their data changed, one per task (render-queue.ts).
import { useDeferredValue, useMemo } from 'react';
import type { EvalResult } from '../../protocol/train-types';
import { runKey } from '../../store/metrics-watch';
import { isLive } from '../../store/runs-slice';
import { Panel } from '../common/Panel';
import { SelectField } from '../common/Field';
import { num } from '../common/format';
import { useApp, useAppShallow, useMetricsFrame } from '../common/studio-context';
import { AccuracyChart } from './AccuracyChart';
import { colourIndex, epochScatter, mean, partLines } from './chart-data';
import { colourOf } from './palette';
import { niceMax, ScatterCanvas } from './ScatterCanvas';
import { PartCharts } from './PartCharts';
import { WeightHistogram } from './WeightHistogram';
import { RunPicker, useShownRun } from './RunPicker';
import { CHART_WORDS, partApplies, showsPromptCharts, showsWeightCharts, titleOf } from './chart-words';
import { Term } from '../glossary/Term';
import { CALM_MS, useCalm } from '../common/use-calm';

const NO_EVALS: EvalResult[] = [];


export function LiveCharts() {
  const runId = useShownRun();
  const { metrics, version } = useMetricsFrame(500, runKey(runId));
  const run = runId ? metrics.runs[runId] : undefined;
  const live = useApp((s) => (runId ? isLive(s.runs[runId]?.state) : false));
  const config = useApp((s) => (runId ? s.runs[runId]?.config : undefined));
  const evals = useCalm(useApp((s) => (runId ? s.runs[runId]?.evals : undefined)), live, CALM_MS);
  // Deferred: a new dataset (10,000 images) re-colours the charts in React's interruptible pass, not in the
  // import summary's own task.
  const { samples, classes, colourBy } = useDeferredValue(useAppShallow((s) => ({ samples: s.samples, classes: s.classes, colourBy: s.colourBy })));
  const setColourBy = useApp((s) => s.setColourBy);
  const select = useApp((s) => s.selectSample);

  const colours = useMemo(() => colourIndex(samples, colourBy), [samples, colourBy]);
  // `version` changes when new steps arrive: recompute from the (mutated in place) buffers.
  const lines = useMemo(() => partLines(run).filter((l) => partApplies(l.name, config)), [run, version, config]);
  const wVsPt = useMemo(() => epochScatter(run, 'pt', 'w', colours.byId), [run, version, colours]);
  const klVsCe = useMemo(() => epochScatter(run, 'ce', 'kl', colours.byId), [run, version, colours]);
  const legend = colourBy === 'class' ? classes : colours.legend;
  const hasGroups = samples.some((s) => s.group !== undefined);
  const last = run?.lastStep;

  return (
    <Panel name="Live charts" wide actions={<RunPicker label="Run to chart" />}>
      {!run || run.steps === 0 ? (
        <p className="empty">Start a training run: its loss parts, per-sample weights and accuracy stream in here live.</p>
      ) : (
        <p className="muted" aria-live="off">
          training step {last?.step} · epoch {last?.epoch} · loss {num(last?.loss ?? NaN)} · learning rate {last ? `${num(last.lrEncoder)} (encoder) / ${num(last.lrHead)} (head)` : ''}
        </p>
      )}
      {run && <PartCharts lines={lines} live={live} />}
      {run && run.epochSamples.count > 0 && showsPromptCharts(config) && (
        <>
          <div className="row wrap">
            <SelectField label="Colour points by" value={colourBy} options={hasGroups ? ['class', 'group'] : ['class']} onChange={setColourBy} />
            <ul className="legend" aria-label="Colour legend">
              {legend.slice(0, 20).map((name, i) => (
                <li key={name}><span className="swatch" style={{ background: colourOf(i) }} />{name}</li>
              ))}
            </ul>
          </div>
          <div className="chart-grid">
            {showsWeightCharts(config) && (
              <figure className="chart">
                <figcaption>
                  <strong>{CHART_WORDS.wVsPt.plain}</strong> <Term id="w">{CHART_WORDS.wVsPt.symbol}</Term>
                  <span className="muted small"> epoch {run.epoch}, mean w {num(mean(wVsPt.y, wVsPt.count))} — click a point to inspect it</span>
                </figcaption>
                <ScatterCanvas label={titleOf(CHART_WORDS.wVsPt)} data={wVsPt} xLabel={CHART_WORDS.wVsPt.x} yLabel={CHART_WORDS.wVsPt.y} xMax={1} yMax={1} onPick={(i) => select(wVsPt.ids[i], runId)} />
              </figure>
            )}
            <figure className="chart">
              <figcaption>
                <strong>{CHART_WORDS.klVsCe.plain}</strong> <Term id="kl">{CHART_WORDS.klVsCe.symbol}</Term>
                <span className="muted small"> epoch {run.epoch}</span>
              </figcaption>
              <ScatterCanvas
                label={titleOf(CHART_WORDS.klVsCe)} data={klVsCe} xLabel={CHART_WORDS.klVsCe.x} yLabel={CHART_WORDS.klVsCe.y}
                xMax={niceMax(klVsCe.x, klVsCe.count)} yMax={niceMax(klVsCe.y, klVsCe.count)}
                onPick={(i) => select(klVsCe.ids[i], runId)}
              />
            </figure>
            {showsWeightCharts(config) && <WeightHistogram w={wVsPt.y} count={wVsPt.count} live={live} />}
          </div>
        </>
      )}
      {run && <AccuracyChart evals={evals ?? NO_EVALS} live={live} />}
    </Panel>
  );
}
