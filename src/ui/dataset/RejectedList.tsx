// Every refused file of the latest import with its reason, collapsed by default.
import { useApp } from '../common/studio-context';

export function RejectedList() {
  const rejected = useApp((s) => s.rejected);
  if (rejected.length === 0) return null;
  return (
    <details className="rejected">
      <summary>{rejected.length} file{rejected.length === 1 ? '' : 's'} rejected</summary>
      <ul aria-label="Rejected files">
        {rejected.map((r) => (
          <li key={r.path}>
            <code>{r.path}</code> <span className="tag warn">{r.reason}</span> <span className="muted">{r.message}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
