// Display name per class, its prompts' token counts, and its zero-shot accuracy.
import { useApp, useAppShallow } from '../common/studio-context';
import { pct } from '../common/format';
import { primarySplit } from './zero-shot';

export function ClassNames() {
  const { classes, displayNames, check } = useAppShallow((s) => ({ classes: s.classes, displayNames: s.displayNames, check: s.promptCheck }));
  const setDisplayName = useApp((s) => s.setDisplayName);
  const split = check ? primarySplit(check.zeroShot) : null;
  return (
    <table className="compact class-names" aria-label="Class names">
      <thead>
        <tr>
          <th scope="col">Class</th>
          <th scope="col">Name in prompts</th>
          <th scope="col" className="num">Tokens</th>
          <th scope="col" className="num">Zero-shot{split ? ` (${split.split})` : ''}</th>
        </tr>
      </thead>
      <tbody>
        {classes.map((c, i) => {
          const row = check?.prompts[i] ?? [];
          const tokens = row.map((p) => p.tokens);
          const truncated = row.some((p) => p.truncated);
          return (
            <tr key={c}>
              <th scope="row">{c}</th>
              <td>
                <input aria-label={`Display name for ${c}`} value={displayNames[c] ?? c} onChange={(e) => setDisplayName(c, e.currentTarget.value)} />
              </td>
              <td className="num">
                {tokens.length ? Math.max(...tokens) : '–'}
                {truncated && <span className="warn"> truncated</span>}
              </td>
              <td className="num">{split ? <AccuracyBar value={split.perClass[i]} /> : '–'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function AccuracyBar({ value }: { value: number | undefined }) {
  if (value === undefined || !Number.isFinite(value)) return <>–</>;
  return (
    <span className="accbar" title={pct(value)}>
      <span className="accbar-fill" style={{ width: `${Math.round(value * 100)}%` }} />
      <span className="accbar-text">{pct(value)}</span>
    </span>
  );
}
