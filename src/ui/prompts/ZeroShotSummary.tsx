// Zero-shot accuracy of the current prompts on every split, marked stale while an edit is being checked.
import { pct } from '../common/format';
import { useApp, useAppShallow } from '../common/studio-context';

export function ZeroShotSummary() {
  const { check, checking } = useAppShallow((s) => ({ check: s.promptCheck, checking: s.promptChecking }));
  const hasModel = useApp((s) => s.modelInfo !== null);
  if (!hasModel) return null;
  return (
    <div className="zero-shot" aria-live="polite" aria-label="Zero-shot accuracy">
      {check ? (
        <dl className={checking ? 'splits stale' : 'splits'}>
          {check.zeroShot.splits.map((s) => (
            <div key={s.split} className="stat">
              <dt>zero-shot {s.split}</dt>
              <dd>{pct(s.accuracy)}</dd>
              {s.worstGroup && <dd className="muted small">worst group {s.worstGroup.group}: {pct(s.worstGroup.accuracy)}</dd>}
            </div>
          ))}
        </dl>
      ) : (
        <p className="muted">{checking ? 'Measuring zero-shot accuracy…' : 'Import images to measure zero-shot accuracy.'}</p>
      )}
      {checking && check && <span className="muted small">re-checking…</span>}
    </div>
  );
}
