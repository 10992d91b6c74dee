// A titled region of the page with its own error alert.
import type { ReactNode } from 'react';
import type { PanelName } from '../../store/ui-slice';
import { useApp } from './studio-context';

export function Panel({ name, title, actions, wide, children }: { name: PanelName; title?: string; actions?: ReactNode; wide?: boolean; children: ReactNode }) {
  const headingId = `panel-${name.replace(/\s+/g, '-').toLowerCase()}`;
  return (
    <section aria-label={name} className={wide ? 'panel panel-wide' : 'panel'}>
      <header className="panel-head">
        <h2 id={headingId}>{title ?? name}</h2>
        {actions && <div className="panel-actions">{actions}</div>}
      </header>
      <PanelError panel={name} />
      {children}
    </section>
  );
}

export function PanelError({ panel }: { panel: PanelName }) {
  const message = useApp((s) => s.errors[panel]);
  const setError = useApp((s) => s.setError);
  if (!message) return null;
  return (
    <div role="alert" className="alert">
      <span>{message}</span>
      <button type="button" className="link" aria-label={`Dismiss ${panel} error`} onClick={() => setError(panel, null)}>
        Dismiss
      </button>
    </div>
  );
}
