// Optional group per image (e.g. background or domain) from a CSV or JSON file; enables worst-group accuracy.
import { useId, useState } from 'react';
import { datasetStats } from '../../store/dataset-stats';
import { useApp } from '../common/studio-context';
import { parseGroups } from './parse-groups';

export function GroupImport() {
  const id = useId();
  const setGroups = useApp((s) => s.setGroups);
  const setError = useApp((s) => s.setError);
  const grouped = useApp((s) => datasetStats(s.samples).grouped);
  const [note, setNote] = useState<string | null>(null);
  return (
    <div className="field">
      <label htmlFor={id}>Import groups (CSV or JSON)</label>
      <input
        id={id} type="file" accept=".csv,.json,text/csv,application/json"
        onChange={async (e) => {
          const f = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (!f) return;
          try {
            const matched = setGroups(parseGroups(await f.text(), f.name));
            setNote(`${matched} images matched in ${f.name}`);
          } catch (err) {
            setError('Dataset', `groups file ${f.name}: ${(err as Error).message}`);
          }
        }}
      />
      <small className="muted">{note ?? (grouped ? `${grouped} images have a group` : 'columns path,group or {"file.jpg": "group"}')}</small>
    </div>
  );
}
