// Every refused file of the latest import with its reason, collapsed by default; the summary counts each reason.
import { useApp } from '../common/studio-context';

export function RejectedList() {
  const rejected = useApp((s) => s.rejected);
  if (rejected.length === 0) return null;
  const counts = new Map<string, number>();
  for (const r of rejected) counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1);
  const byReason = [...counts].map(([reason, n]) => `${n} ${reason}`).join(', ');
  return (
    <details className="rejected">
      <summary>{rejected.length} file{rejected.length === 1 ? '' : 's'} rejected ({byReason})</summary>
      <ul aria-label="Rejected files">
        {rejected.map((r, i) => (
          <li key={`${i}:${r.path}`}>
            <code>{r.path}</code> <span className="tag warn">{r.reason}</span> <span className="muted">{r.message}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
