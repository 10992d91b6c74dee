// Labelled form controls: every input has a visible <label>.
import { useId, useState, type ReactNode } from 'react';

/** What keeps a number out of a field's bounds, in words, or null. */
function outOfBounds(v: number, min?: number, max?: number): string | null {
  if (min !== undefined && v < min) return `must be at least ${min}`;
  if (max !== undefined && v > max) return `must be at most ${max}`;
  return null;
}

/**
 * A number input that commits only what parses and fits: below `min`, above `max` or refused by `problem`
 * (a schema's check), the value stays uncommitted and the field says why.
 */
export function NumberField({ label, value, onChange, min, max, step, hint, disabled, problem }: {
  label: string; value: number; onChange: (v: number) => void; min?: number; max?: number; step?: number | 'any'; hint?: ReactNode; disabled?: boolean;
  problem?: (v: number) => string | null;
}) {
  const id = useId();
  // The text being typed ("0.", "1e-") may not parse yet: keep it locally, commit what parses.
  const [draft, setDraft] = useState(() => String(value));
  const parses = (text: string) => text.trim() !== '' && Number.isFinite(Number(text));
  /** Why a number that parses is not committed, or null. */
  const refusal = (text: string): string | null => (parses(text) ? outOfBounds(Number(text), min, max) ?? problem?.(Number(text)) ?? null : null);
  if (Number(draft) !== value && parses(draft) && !isPartial(draft) && !refusal(draft)) {
    setDraft(String(value));
  }
  const why = refusal(draft);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id} type="text" inputMode="decimal" value={draft} disabled={disabled} aria-invalid={!parses(draft) || why !== null}
        data-min={min} data-max={max} data-step={step}
        onChange={(e) => {
          const text = e.currentTarget.value;
          setDraft(text);
          if (parses(text) && !refusal(text)) onChange(Number(text));
        }}
        onBlur={() => setDraft(String(value))}
      />
      {why ? <small className="field-problem">{label} {why}</small> : hint && <small className="muted">{hint}</small>}
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
