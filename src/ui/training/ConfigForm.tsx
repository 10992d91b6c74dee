// Every training setting, labelled; defaults are the official recipe. Memoised: it re-renders only when the
// config, the model or the dataset's splits change, never with a run's progress.
import { memo } from 'react';
import { fieldProblem, FIELD_LABELS as L, numberBounds, type ConfigKey } from '../../protocol/config-fields';
import { switchMethod } from '../../protocol/method-recipe';
import { scopeOf, type ScopeKind } from '../../protocol/scope';
import { METHODS, SCHEDULES, textTowerUse, trainsEncoder as encoderTrains, VARIANTS, type AugmentKind, type TrainConfig } from '../../protocol/train-config';
import { datasetStats } from '../../store/dataset-stats';
import { NumberField, SelectField } from '../common/Field';
import { formatBytes } from '../common/format';
import { useApp } from '../common/studio-context';
import { METHOD_HINTS } from './config-check';
import { MethodOptionsFields } from './MethodOptionsFields';
import { methodTrains } from './method-trains';
import { useWarmupFollowsRun } from './warmup-follows-run';
import { Term } from '../glossary/Term';

const SCOPE_LABELS: Record<ScopeKind, string> = { head: 'head only', last: 'last K blocks', full: 'full encoder' };
const AUGMENT_LABELS: Record<AugmentKind, string> = { none: 'none', randaugment: 'RandAugment (2, 9)' };
const VIEW_LABELS: Record<TrainConfig['teacherView'], string> = { augmented: 'augmented (official)', clean: 'clean (cached, faster)' };
const options = <T extends string>(labels: Record<T, string>) => (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value] }));

/** A setting's label, bounds and check, from the config's schema. */
function field(key: ConfigKey) {
  const { min, max } = numberBounds(key);
  return { label: L[key], min, max, problem: (v: number) => fieldProblem(key, v) };
}

export const ConfigForm = memo(function ConfigForm({ disabled }: { disabled: boolean }) {
  const c = useApp((s) => s.trainConfig);
  const set = useApp((s) => s.setTrainConfig);
  const memory = useApp((s) => s.modelInfo?.memoryByScope);
  const memoryByText = useApp((s) => s.modelInfo?.memoryByTextUse);
  const memoryMb = useApp((s) => s.modelInfo?.memoryMicroBatch);
  const layers = useApp((s) => s.modelInfo?.geometry.visionLayers);
  const hasOwnVal = useApp((s) => datasetStats(s.samples).bySplit.val > 0);
  const trainImages = useApp((s) => datasetStats(s.samples).bySplit.train);
  const p = (patch: Partial<TrainConfig>) => set(patch);
  const scope = scopeOf(c.scope) ?? { kind: 'full' };
  const kind = scope.kind;
  const k = scope.kind === 'last' ? scope.blocks : 1;
  const trainsEncoder = encoderTrains(c.method);
  const distils = c.method === 'kd' || c.method === 'proreg' || Boolean(c.methodOptions?.proreg && c.method !== 'tip-adapter');
  // A method that trains the text tower (FLYP) or back-propagates through it (CoOp) needs its share too.
  const text = textTowerUse(c.method);
  const mem = (text === 'none' ? memory : memoryByText?.[text])?.[trainsEncoder ? c.scope : 'head'];
  // The run's steps as the trainer counts them (validation carved from train when there is no val split).
  const steps = Math.ceil(Math.max(1, Math.round(trainImages * (hasOwnVal ? 1 : 1 - c.valFraction))) / c.batchSize) * c.epochs;
  useWarmupFollowsRun(c, trainImages > 0 ? steps : undefined, set);

  return (
    <fieldset className="config" disabled={disabled}>
      <legend>Configuration</legend>
      <div className="config-grid">
        <SelectField label={L.method} value={c.method} options={METHODS} onChange={(method) => p(switchMethod(c, method, trainImages > 0 ? steps : undefined))} hint={METHOD_HINTS[c.method]} />
        <SelectField<ScopeKind>
          label={L.scope} value={kind} disabled={!trainsEncoder}
          options={trainsEncoder ? options(SCOPE_LABELS) : [{ value: kind, label: methodTrains(c.method) ?? SCOPE_LABELS.head }]}
          onChange={(v) => p({ scope: v === 'last' ? `last-${k}` : v })}
          hint={(trainsEncoder || text !== 'none') && mem !== undefined ? `needs about ${formatBytes(mem)} at micro-batch ${memoryMb}` : undefined}
        />
        <MethodOptionsFields config={c} onChange={(methodOptions) => p({ methodOptions })} />
        {kind === 'last' && trainsEncoder && (
          <NumberField label="Last K blocks" value={k} min={1} max={layers} step={1} onChange={(v) => p({ scope: `last-${Math.max(1, Math.round(v))}` })} />
        )}
        {distils && (
          <>
            <NumberField {...field('alpha')} value={c.alpha} step={0.1} onChange={(alpha) => p({ alpha })} hint="weight of the prompt term" />
            <NumberField {...field('temperature')} value={c.temperature} step={0.5} onChange={(temperature) => p({ temperature })} hint={<Term id="temperature">what is it?</Term>} />
          </>
        )}
        {distils && c.method !== 'kd' && (
          <SelectField label={L.variant} value={c.variant} options={VARIANTS} onChange={(variant) => p({ variant })} hint={<>how <Term id="w" /> is computed · <Term id="variant">more</Term></>} />
        )}
        {c.method === 'proreg' && c.variant === 'ce_ratio' && (
          <NumberField {...field('gamma')} value={c.gamma} step={0.5} onChange={(gamma) => p({ gamma })} />
        )}
        {trainsEncoder && kind !== 'head' && (
          <NumberField {...field('lrEncoder')} value={c.lrEncoder} onChange={(lrEncoder) => p({ lrEncoder })} />
        )}
        {c.method !== 'zero-shot' && c.method !== 'tip-adapter' && (
          <>
            <NumberField {...field('lrHead')} value={c.lrHead} onChange={(lrHead) => p({ lrHead })} />
            <NumberField {...field('weightDecay')} value={c.weightDecay} onChange={(weightDecay) => p({ weightDecay })} />
            <SelectField label={L.schedule} value={c.schedule} options={SCHEDULES} onChange={(schedule) => p({ schedule })} />
            {c.schedule === 'warmup-linear' && (
              <NumberField {...field('warmupFraction')} value={c.warmupFraction} step={0.05} onChange={(warmupFraction) => p({ warmupFraction })} />
            )}
            {c.schedule === 'cosine' && (
              <NumberField
                {...field('warmupSteps')} value={c.warmupSteps} step={1} onChange={(v) => p({ warmupSteps: Math.round(v) })}
                hint={warmupHint(c.method === 'flyp', trainImages > 0 ? steps : null)}
              />
            )}
            <NumberField {...field('epochs')} value={c.epochs} step={1} onChange={(v) => p({ epochs: Math.round(v) })} />
            <NumberField {...field('batchSize')} value={c.batchSize} step={1} onChange={(v) => p({ batchSize: Math.round(v) })} />
            <NumberField {...field('microBatch')} value={c.microBatch} step={1} onChange={(v) => p({ microBatch: Math.round(v) })} hint={<>images per pass; gradients accumulate · <Term id="micro-batch">more</Term></>} />
            <SelectField label={L.augment} value={c.augment} options={options(AUGMENT_LABELS)} onChange={(augment) => p({ augment })} />
            {distils && c.augment !== 'none' && (
              <SelectField label={L.teacherView} value={c.teacherView} options={options(VIEW_LABELS)} onChange={(teacherView) => p({ teacherView })} hint={<Term id="teacher-view">what is it?</Term>} />
            )}
            <NumberField {...field('evalsPerEpoch')} value={c.evalsPerEpoch} step={1} onChange={(v) => p({ evalsPerEpoch: Math.round(v) })} />
          </>
        )}
        <NumberField {...field('seed')} value={c.seed} step={1} onChange={(v) => p({ seed: Math.round(v) })} />
        <NumberField
          {...field('valFraction')} value={c.valFraction} step={0.05} onChange={(valFraction) => p({ valFraction })}
          hint={hasOwnVal ? 'unused: the dataset has a val split' : 'carved from train when there is no val split'}
        />
      </div>
    </fieldset>
  );
});

/** The warm-up's hint: FLYP's recipe, and the run's length once there are images to count it from. */
function warmupHint(flyp: boolean, steps: number | null): string {
  const run = steps === null ? 'add images to see the run\'s length' : `this run: ${steps} steps`;
  return flyp ? `FLYP's recipe: 500 steps, or a tenth of a shorter run (${run})` : steps === null ? run : `of this run's ${steps} steps`;
}
