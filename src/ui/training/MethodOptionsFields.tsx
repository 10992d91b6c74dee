// The options of the student methods (CoOp, CLIP-Adapter, Tip-Adapter(-F), LP-FT): the ProReg switch, the
// optimiser and each method's own values. Defaults are the official recipes (DEFAULT_METHOD_OPTIONS).
import { useId } from 'react';
import { optionBounds } from '../../protocol/config-fields';
import { isStudentMethod, methodOptions, type MethodOptions, type TrainConfig } from '../../protocol/train-config';
import { NumberField, SelectField } from '../common/Field';

/** A method option's bounds, from the config's schema. */
const bounds = (group: 'coop' | 'clipAdapter' | 'tipAdapter' | 'lpft', key: string) => {
  const { min, max } = optionBounds(group, key);
  return { min, max };
};

function CheckField({ label, checked, onChange, hint }: { label: string; checked: boolean; onChange: (v: boolean) => void; hint?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>
        <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} /> {label}
      </label>
      {hint && <small className="muted">{hint}</small>}
    </div>
  );
}

function TextField({ label, value, onChange, hint }: { label: string; value: string; onChange: (v: string) => void; hint?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="text" value={value} onChange={(e) => onChange(e.currentTarget.value)} />
      {hint && <small className="muted">{hint}</small>}
    </div>
  );
}

export function MethodOptionsFields({ config, onChange }: { config: TrainConfig; onChange: (o: MethodOptions) => void }) {
  const o = methodOptions(config);
  const m = config.method;
  if (!isStudentMethod(m)) return null;
  const set = (patch: Partial<MethodOptions>) => onChange({ ...o, ...patch });
  return (
    <>
      {m !== 'tip-adapter' && (
        <CheckField label="Add ProReg's term" checked={o.proreg} onChange={(proreg) => set({ proreg })} hint="adaptive KL toward the frozen zero-shot prompts" />
      )}
      {m !== 'tip-adapter' && (
        <SelectField label="Optimizer" value={o.optimizer} options={[{ value: 'adamw', label: 'AdamW' }, { value: 'sgd', label: 'SGD (momentum 0.9)' }]} onChange={(optimizer) => set({ optimizer })} />
      )}
      {m === 'coop' && (
        <>
          <SelectField label="Context" value={o.coop.context} options={[{ value: 'unified', label: 'unified (CoOp)' }, { value: 'class', label: 'class-specific' }]} onChange={(context) => set({ coop: { ...o.coop, context } })} />
          <NumberField label="Context tokens" value={o.coop.tokens} {...bounds('coop', 'tokens')} step={1} onChange={(v) => set({ coop: { ...o.coop, tokens: Math.max(1, Math.round(v)) } })} />
          <TextField label="Context init" value={o.coop.init} onChange={(init) => set({ coop: { ...o.coop, init } })} hint='"random" or a phrase, e.g. "a photo of a"' />
          <SelectField label="Prompt layout" value={o.coop.layout} options={[{ value: 'coop', label: 'context, name, period (CoOp)' }, { value: 'proreg', label: 'context, name (ProReg code)' }]} onChange={(layout) => set({ coop: { ...o.coop, layout } })} />
        </>
      )}
      {m === 'clip-adapter' && (
        <>
          <NumberField label="Residual ratio" value={o.clipAdapter.ratio} {...bounds('clipAdapter', 'ratio')} step={0.05} onChange={(ratio) => set({ clipAdapter: { ...o.clipAdapter, ratio } })} />
          <NumberField label="Reduction" value={o.clipAdapter.reduction} {...bounds('clipAdapter', 'reduction')} step={1} onChange={(v) => set({ clipAdapter: { ...o.clipAdapter, reduction: Math.max(1, Math.round(v)) } })} />
        </>
      )}
      {(m === 'tip-adapter' || m === 'tip-adapter-f') && (
        <>
          <NumberField label="Cache alpha" value={o.tipAdapter.alpha} {...bounds('tipAdapter', 'alpha')} step={0.1} onChange={(alpha) => set({ tipAdapter: { ...o.tipAdapter, alpha } })} />
          <NumberField label="Cache beta" value={o.tipAdapter.beta} {...bounds('tipAdapter', 'beta')} step={0.1} onChange={(beta) => set({ tipAdapter: { ...o.tipAdapter, beta } })} />
          <CheckField label="Search alpha and beta on val" checked={o.tipAdapter.search} onChange={(search) => set({ tipAdapter: { ...o.tipAdapter, search } })} />
        </>
      )}
      {m === 'lp-ft' && (
        <NumberField label="Probe epochs" value={o.lpft.probeEpochs} {...bounds('lpft', 'probeEpochs')} step={1} onChange={(v) => set({ lpft: { probeEpochs: Math.max(1, Math.round(v)) } })} hint="linear probe before fine-tuning" />
      )}
    </>
  );
}
