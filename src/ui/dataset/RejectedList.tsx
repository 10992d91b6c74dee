// Every refused file of the latest import with its reason, collapsed by default; the summary counts each reason.
// The list itself is rendered only while open: a folder with thousands of refused files costs nothing until
// someone looks.
import { useMemo, useState } from 'react';
import { useApp } from '../common/studio-context';

export function RejectedList() {
  const rejected = useApp((s) => s.rejected);
  const [open, setOpen] = useState(false);
  const byReason = useMemo(() => {
    const counts = new Map<string, number>();
    for (const r of rejected) counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1);
    return [...counts].map(([reason, n]) => `${n} ${reason}`).join(', ');
  }, [rejected]);
  if (rejected.length === 0) return null;
  return (
    <details className="rejected" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{rejected.length} file{rejected.length === 1 ? '' : 's'} rejected ({byReason})</summary>
      {open && (
        <ul aria-label="Rejected files">
          {rejected.map((r, i) => (
            <li key={`${i}:${r.path}`}>
              <code>{r.path}</code> <span className="tag warn">{r.reason}</span> <span className="muted">{r.message}</span>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
