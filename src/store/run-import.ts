// "Import run": a run trained outside the browser (train.py of an exported PyTorch project, or `cli train`)
// joins the project's runs from its metrics JSON lines (and the project's run.json for its settings): its
// steps feed Live charts and Inspection, its evaluations the Comparison, like any run trained here.
import { parseRunImport } from '../shared/run-import';
import type { AppStore } from './app-store';
import type { MetricsStore } from './metrics-store';
import { runLabel } from './runs-slice';

/** Imported runs carry this id prefix: the engine holds no model or logits for them. */
export const IMPORTED_PREFIX = 'import-';

export const isImportedRun = (id: string): boolean => id.startsWith(IMPORTED_PREFIX);

export interface TextFile {
  name: string;
  text: string;
}

/** Adds the run the files describe; returns its id. Throws a message naming what is wrong with the files. */
export function importRun(store: AppStore, metrics: MetricsStore, files: TextFile[]): string {
  const lines = files.filter((f) => /\.jsonl$/i.test(f.name) || (!/\.json$/i.test(f.name) && f.text.trimStart().startsWith('{"kind"')));
  const runJson = files.find((f) => /\.json$/i.test(f.name) && !lines.includes(f));
  if (lines.length !== 1) throw new Error(lines.length ? 'choose one metrics file (.jsonl) at a time' : 'choose the metrics file (.jsonl) train.py or cli train wrote, with the project\'s run.json if you have it');
  const parsed = parseRunImport(lines[0].text, lines[0].name, runJson?.text);
  const s = store.getState();
  const id = `${IMPORTED_PREFIX}${Date.now().toString(36)}-${s.runOrder.length + 1}`;
  const last = parsed.steps[parsed.steps.length - 1] ?? null;
  const final = parsed.evals[parsed.evals.length - 1] ?? null;
  const label = `${runLabel(s.runOrder.length + 1, parsed.config)} (PyTorch)`;
  metrics.getState().resetRun(id);
  for (const st of parsed.steps) metrics.getState().pushStep(id, st.point, st.samples);
  store.setState((st) => ({
    runOrder: [...st.runOrder, id],
    runs: {
      ...st.runs,
      [id]: {
        id, label, config: parsed.config, state: 'done', startedAt: Date.now(), evals: parsed.evals, checkpoints: [],
        summary: { runId: id, steps: last ? last.point.step + 1 : 0, stopped: false, final, bestStep: null },
        sweep: parsed.sweep ? { runId: id, ...parsed.sweep } : null, error: null,
      },
    },
  }));
  return id;
}
