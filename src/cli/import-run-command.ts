// `cli import-run`: reads a run's metrics JSON lines (train.py of an exported PyTorch project, or `cli train`)
// the way the studio's "Import run" does, and prints what it found; a file the studio would refuse fails here.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseRunImport } from '../shared/run-import';

type Values = Record<string, string | string[] | boolean | undefined>;

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new Error(`cannot read ${what} ${path}`);
  }
}

export function importRunSummary(v: Values) {
  if (!v.metrics) throw new Error('import-run needs --metrics FILE.jsonl (and --run run.json for the settings)');
  const metrics = String(v.metrics);
  const run = v.run ? readText(String(v.run), 'run description') : undefined;
  const r = parseRunImport(readText(metrics, 'metrics file'), basename(metrics), run);
  const last = r.steps[r.steps.length - 1]?.point ?? null;
  const final = r.evals[r.evals.length - 1] ?? null;
  return {
    name: r.name,
    method: r.configKnown ? r.config.method : null,
    scope: r.configKnown ? r.config.scope : null,
    steps: r.steps.length,
    losses: r.steps.map((s) => s.point.loss),
    parts: last ? Object.keys(last.means) : [],
    per_sample: r.steps.some((s) => s.samples.ids.length > 0),
    evals: r.evals.length,
    final: final ? Object.fromEntries(final.splits.map((s) => [s.split, { count: s.count, accuracy: s.accuracy, worst_group: s.worstGroup }])) : null,
  };
}
