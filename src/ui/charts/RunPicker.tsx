// Which run the charts and the inspection show: the active one unless the user picks another.
import { useApp, useAppShallow } from '../common/studio-context';

export function useShownRun(): string | null {
  return useApp((s) => (s.shownRunId && s.runs[s.shownRunId] ? s.shownRunId : s.activeRunId));
}

export function RunPicker({ label = 'Run to show' }: { label?: string }) {
  const runs = useAppShallow((s) => s.runOrder.map((id) => `${id}\u0000${s.runs[id].label}`));
  const picked = useApp((s) => s.shownRunId);
  const pick = useApp((s) => s.showRun);
  if (runs.length === 0) return null;
  return (
    <select aria-label={label} value={picked ?? ''} onChange={(e) => pick(e.currentTarget.value || null)}>
      <option value="">latest run</option>
      {runs.map((r) => {
        const [id, label] = r.split('\u0000');
        return <option key={id} value={id}>{label}</option>;
      })}
    </select>
  );
}
