// A term with its meaning one click away: a small button that opens a popover with the glossary entry.
// Closes on a second click, on Escape and when focus leaves it.
import { useId, useState } from 'react';
import { GLOSSARY, type TermId } from './glossary';

export function Term({ id, children }: { id: TermId; children?: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const popId = useId();
  const entry = GLOSSARY[id];
  return (
    <span
      className="term"
      onKeyDown={(e) => { if (e.key === 'Escape') setOpen(false); }}
      onBlur={(e) => { if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false); }}
    >
      <button
        type="button" className="term-button" aria-expanded={open} aria-controls={popId}
        aria-label={`What is ${entry.term}?`} onClick={() => setOpen((o) => !o)}
      >
        {children ?? entry.term}
      </button>
      {open && (
        <span id={popId} role="note" aria-label={`${entry.term}: ${entry.plain}`} className="term-pop" tabIndex={-1}>
          <strong>{entry.term}</strong> — {entry.plain}. {entry.text}
        </span>
      )}
    </span>
  );
}
