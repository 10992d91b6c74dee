// Every training setting, labelled; defaults are the official recipe. Memoised: it re-renders only when the
// config, the model or the dataset's splits change, never with a run's progress.
import { memo } from 'react';
import { STUDENT_METHODS, type Method, type ScheduleKind, type TrainConfig, type WeightVariant } from '../../protocol/train-types';
import { NumberField, SelectField } from '../common/Field';
import { formatBytes } from '../common/format';
import { useApp } from '../common/studio-context';
import { METHOD_HINTS } from './config-check';
import { freezesEncoder, MethodOptionsFields } from './MethodOptionsFields';
import { methodTrains } from './method-trains';
import { Term } from '../glossary/Term';

const METHODS: readonly Method[] = ['zero-shot', 'linear-probe', 'finetune', 'kd', 'proreg', ...STUDENT_METHODS];
const VARIANTS: readonly WeightVariant[] = ['official', 'prob_ratio', 'ce_ratio'];
const SCHEDULES: readonly ScheduleKind[] = ['warmup-linear', 'constant'];
type ScopeKind = 'head' | 'last' | 'full';
const SCOPES: readonly { value: ScopeKind; label: string }[] = [{ value: 'head', label: 'head only' }, { value: 'last', label: 'last K blocks' }, { value: 'full', label: 'full encoder' }];

function scopeParts(scope: string): { kind: ScopeKind; k: number } {
  const m = /^last-(\d+)$/.exec(scope);
  if (m) return { kind: 'last', k: Number(m[1]) };
  return { kind: scope === 'head' ? 'head' : 'full', k: 1 };
}

export const ConfigForm = memo(function ConfigForm({ disabled }: { disabled: boolean }) {
  const c = useApp((s) => s.trainConfig);
  const set = useApp((s) => s.setTrainConfig);
  const memory = useApp((s) => s.modelInfo?.memoryByScope);
  const memoryMb = useApp((s) => s.modelInfo?.memoryMicroBatch);
  const layers = useApp((s) => s.modelInfo?.geometry.visionLayers);
  const hasOwnVal = useApp((s) => s.samples.some((x) => x.split === 'val'));
  const p = (patch: Partial<TrainConfig>) => set(patch);
  const { kind, k } = scopeParts(c.scope);
  const trainsEncoder = c.method !== 'zero-shot' && c.method !== 'linear-probe' && !freezesEncoder(c.method);
  const distils = c.method === 'kd' || c.method === 'proreg' || Boolean(c.methodOptions?.proreg && c.method !== 'tip-adapter');
  const mem = memory?.[c.scope];

  return (
    <fieldset className="config" disabled={disabled}>
      <legend>Configuration</legend>
      <div className="config-grid">
        <SelectField label="Method" value={c.method} options={METHODS} onChange={(method) => p({ method })} hint={METHOD_HINTS[c.method]} />
        <SelectField<ScopeKind>
          label="Scope" value={kind} disabled={!trainsEncoder}
          options={trainsEncoder ? SCOPES : [{ value: kind, label: methodTrains(c.method) ?? 'head only' }]}
          onChange={(v) => p({ scope: v === 'last' ? `last-${k}` : v })}
          hint={trainsEncoder && mem !== undefined ? `needs about ${formatBytes(mem)} at micro-batch ${memoryMb}` : undefined}
        />
        <MethodOptionsFields config={c} onChange={(methodOptions) => p({ methodOptions })} />
        {kind === 'last' && trainsEncoder && (
          <NumberField label="Last K blocks" value={k} min={1} max={layers} step={1} onChange={(v) => p({ scope: `last-${Math.max(1, Math.round(v))}` })} />
        )}
        {distils && (
          <>
            <NumberField label="Alpha" value={c.alpha} min={0} step={0.1} onChange={(alpha) => p({ alpha })} hint="weight of the prompt term" />
            <NumberField label="Temperature" value={c.temperature} min={0.01} step={0.5} onChange={(temperature) => p({ temperature })} hint={<Term id="temperature">what is it?</Term>} />
          </>
        )}
        {distils && c.method !== 'kd' && (
          <SelectField label="Weight variant" value={c.variant} options={VARIANTS} onChange={(variant) => p({ variant })} hint={<>how <Term id="w" /> is computed · <Term id="variant">more</Term></>} />
        )}
        {c.method === 'proreg' && c.variant === 'ce_ratio' && (
          <NumberField label="Gamma" value={c.gamma} min={0} step={0.5} onChange={(gamma) => p({ gamma })} />
        )}
        {trainsEncoder && kind !== 'head' && (
          <NumberField label="Encoder learning rate" value={c.lrEncoder} min={0} onChange={(lrEncoder) => p({ lrEncoder })} />
        )}
        {c.method !== 'zero-shot' && c.method !== 'tip-adapter' && (
          <>
            <NumberField label="Head learning rate" value={c.lrHead} min={0} onChange={(lrHead) => p({ lrHead })} />
            <NumberField label="Weight decay" value={c.weightDecay} min={0} onChange={(weightDecay) => p({ weightDecay })} />
            <SelectField label="Schedule" value={c.schedule} options={SCHEDULES} onChange={(schedule) => p({ schedule })} />
            {c.schedule === 'warmup-linear' && (
              <NumberField label="Warm-up fraction" value={c.warmupFraction} min={0} max={1} step={0.05} onChange={(warmupFraction) => p({ warmupFraction })} />
            )}
            <NumberField label="Epochs" value={c.epochs} min={1} step={1} onChange={(v) => p({ epochs: Math.round(v) })} />
            <NumberField label="Batch size" value={c.batchSize} min={1} step={1} onChange={(v) => p({ batchSize: Math.round(v) })} />
            <NumberField label="Micro-batch" value={c.microBatch} min={1} step={1} onChange={(v) => p({ microBatch: Math.round(v) })} hint={<>images per pass; gradients accumulate · <Term id="micro-batch">more</Term></>} />
            <SelectField label="Augmentation" value={c.augment} options={[{ value: 'none', label: 'none' }, { value: 'randaugment', label: 'RandAugment (2, 9)' }]} onChange={(augment) => p({ augment })} />
            {distils && c.augment !== 'none' && (
              <SelectField label="Teacher view" value={c.teacherView} options={[{ value: 'augmented', label: 'augmented (official)' }, { value: 'clean', label: 'clean (cached, faster)' }]} onChange={(teacherView) => p({ teacherView })} hint={<Term id="teacher-view">what is it?</Term>} />
            )}
            <NumberField label="Evaluations per epoch" value={c.evalsPerEpoch} min={0} step={1} onChange={(v) => p({ evalsPerEpoch: Math.round(v) })} />
          </>
        )}
        <NumberField label="Seed" value={c.seed} min={0} step={1} onChange={(v) => p({ seed: Math.round(v) })} />
        <NumberField
          label="Validation fraction" value={c.valFraction} min={0} max={0.9} step={0.05} onChange={(valFraction) => p({ valFraction })}
          hint={hasOwnVal ? 'unused: the dataset has a val split' : 'carved from train when there is no val split'}
        />
      </div>
    </fieldset>
  );
});
