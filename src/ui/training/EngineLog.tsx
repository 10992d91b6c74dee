// The engine's log lines (info and warnings), collapsed.
import { useApp } from '../common/studio-context';

export function EngineLog() {
  const log = useApp((s) => s.log);
  if (log.length === 0) return null;
  const warnings = log.filter((l) => l.level === 'warn').length;
  return (
    <details className="log">
      <summary>Engine log ({log.length}{warnings ? `, ${warnings} warnings` : ''})</summary>
      <ol aria-label="Engine log">
        {log.slice(-50).map((l, i) => (
          <li key={i} className={l.level === 'warn' ? 'warn' : 'muted'}>{l.message}</li>
        ))}
      </ol>
    </details>
  );
}
