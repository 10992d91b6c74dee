// "Import run": the metrics of a run trained elsewhere (train.py of an exported PyTorch project, or the
// command line), with the project's run.json for its settings, join the runs beside the browser's.
import { useRef, useState } from 'react';
import { importRun } from '../../store/run-import';
import { useStudio } from '../common/studio-context';

export function RunImport() {
  const studio = useStudio();
  const input = useRef<HTMLInputElement>(null);
  const [note, setNote] = useState<string | null>(null);
  const onFiles = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    const files = await Promise.all(Array.from(list).map(async (f) => ({ name: f.name, text: await f.text() })));
    try {
      const id = importRun(studio.store, studio.metrics, files);
      const run = studio.store.getState().runs[id];
      studio.store.getState().setError('Training', null);
      studio.store.getState().showRun(id); // Live charts and Inspection turn to it
      setNote(`Imported ${run.label}: ${run.summary?.steps ?? 0} steps, ${run.evals.length} evaluations.`);
    } catch (e) {
      setNote(null);
      studio.store.getState().setError('Training', `Cannot import this run: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (input.current) input.current.value = '';
  };
  return (
    <div className="row wrap" role="group" aria-label="Import run">
      <button type="button" className="secondary" onClick={() => input.current?.click()} title="The metrics .jsonl that train.py (or cli train) wrote, with the project's run.json">
        Import run…
      </button>
      <input ref={input} type="file" hidden multiple accept=".jsonl,.json" aria-label="Run files to import" onChange={(e) => void onFiles(e.target.files)} />
      {note && <span className="muted" role="status">{note}</span>}
    </div>
  );
}
