// Labelled form controls: every input has a visible <label>.
import { useId, useState, type ReactNode } from 'react';

export function NumberField({ label, value, onChange, min, max, step, hint, disabled }: {
  label: string; value: number; onChange: (v: number) => void; min?: number; max?: number; step?: number | 'any'; hint?: ReactNode; disabled?: boolean;
}) {
  const id = useId();
  // The text being typed ("0.", "1e-") may not parse yet: keep it locally, commit what parses.
  const [draft, setDraft] = useState(() => String(value));
  if (Number(draft) !== value && draft.trim() !== '' && Number.isFinite(Number(draft)) === true && !isPartial(draft)) {
    setDraft(String(value));
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id} type="text" inputMode="decimal" value={draft} disabled={disabled} aria-invalid={!Number.isFinite(Number(draft)) || draft.trim() === ''}
        data-min={min} data-max={max} data-step={step}
        onChange={(e) => {
          const text = e.currentTarget.value;
          setDraft(text);
          const v = Number(text);
          if (text.trim() !== '' && Number.isFinite(v)) onChange(v);
        }}
        onBlur={() => setDraft(String(value))}
      />
      {hint && <small className="muted">{hint}</small>}
    </div>
  );
}

function isPartial(text: string): boolean {
  return /[.eE+-]$/.test(text.trim());
}

export function SelectField<T extends string>({ label, value, options, onChange, hint, disabled }: {
  label: string; value: T; options: readonly (T | { value: T; label: string })[]; onChange: (v: T) => void; hint?: ReactNode; disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.currentTarget.value as T)}>
        {options.map((o) => {
          const { value: v, label: l } = typeof o === 'string' ? { value: o, label: o } : o;
          return <option key={v} value={v}>{l}</option>;
        })}
      </select>
      {hint && <small className="muted">{hint}</small>}
    </div>
  );
}
