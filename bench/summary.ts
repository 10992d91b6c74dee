// Builds bench/results/summary.json from the parts' raw JSON files and the PyTorch reference: references,
// ratios, targets and pass/fail; also summary.txt (one line per row, no timings of the run itself: easy to
// diff between runs) and a readable table.
import { cpus, loadavg, totalmem } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { round, rowKey, type Row } from './rows';

export interface TorchResult {
  available: boolean;
  reason?: string;
  torch?: string;
  threads?: number;
  other_cpu_fraction?: number | null;
  rows?: { metric: string; batch: number; value: number }[];
}

interface Target {
  text: string;
  check(r: Row): boolean;
}

const ratioAtLeast = (x: number): Target => ({ text: `ratio >= ${x}`, check: (r) => r.ratio !== null && r.ratio >= x });
const TARGETS: Record<string, Target> = {
  'vit-b32-forward': ratioAtLeast(0.5),
  'vit-b32-train-step': ratioAtLeast(0.5),
  'head-epoch-2000': { text: '< 0.5 s', check: (r) => r.value !== null && r.value < 0.5 },
  preprocess: { text: '>= 100 images/s', check: (r) => r.value !== null && r.value >= 100 },
  'tensor-growth': { text: '= 0', check: (r) => r.value === 0 },
  'load-bin-peak-memory': { text: '< 1.5x checkpoint', check: (r) => typeof r.ratio_to_checkpoint === 'number' && r.ratio_to_checkpoint < 1.5 },
  'webgpu-programs-per-step': { text: '<= 400', check: (r) => r.value !== null && r.value <= 400 },
  // bench/corpus/budget.ts: the row carries its own budget (it grows with the number of images).
  'corpus-import-long-tasks': { text: '= 0', check: (r) => r.value === 0 },
  'corpus-import-peak-memory': { text: '<= budget_mb', check: (r) => r.value !== null && typeof r.budget_mb === 'number' && r.value <= r.budget_mb },
};

/** The reference row for r, or why there is none (null when the metric has no reference). */
function referenceFor(r: Row, torch: TorchResult | null): { value: number | null; note?: string } | null {
  const isHeadline = r.metric === 'vit-b32-forward' || (r.metric === 'vit-b32-train-step' && r.scope === 'full' && r.batch === 8);
  if (!isHeadline) return r.metric === 'vit-b32-train-step' ? { value: null, note: 'the PyTorch reference covers the full encoder at batch 8 only' } : null;
  if (!torch) return { value: null, note: 'no PyTorch reference result (bench/results/torch.json missing)' };
  if (!torch.available) return { value: null, note: `PyTorch reference unavailable: ${torch.reason}` };
  const ref = torch.rows?.find((t) => t.metric === r.metric && t.batch === r.batch);
  return ref ? { value: ref.value } : { value: null, note: `the PyTorch reference has no ${r.metric} row at batch ${r.batch}` };
}

export function annotate(rows: Row[], torch: TorchResult | null): Row[] {
  return rows.map((r0) => {
    const r: Row = { ...r0, reference: null, ratio: null, target: null };
    const ref = referenceFor(r, torch);
    if (ref) {
      r.reference = ref.value;
      if (ref.note) r.note = r.note ? `${r.note}; ${ref.note}` : ref.note;
      if (ref.value !== null && r.value !== null) r.ratio = round(r.value / ref.value, 3);
    }
    const t = TARGETS[r.metric];
    // Ratio targets apply where there is a reference to compare with (the headline rows).
    const hasTarget = t && (!t.text.startsWith('ratio') || (ref !== null && !(r.metric === 'vit-b32-train-step' && ref.value === null && ref.note?.startsWith('the PyTorch reference covers'))));
    if (t && hasTarget) {
      r.target = t.text;
      r.pass = r.value === null || (t.text.startsWith('ratio') && r.ratio === null) ? null : t.check(r);
    }
    return r;
  });
}

export function machineInfo(chromium: string | null, torch: TorchResult | null): Record<string, unknown> {
  const c = cpus();
  return {
    cpu: c[0]?.model ?? 'unknown',
    cores: c.length,
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    chromium,
    torch: torch?.available ? `${torch.torch} (${torch.threads} threads)` : null,
    date: new Date().toISOString(),
    loadavg_1m_at_end: round(loadavg()[0], 3),
    torch_other_cpu_fraction: torch?.other_cpu_fraction ?? null,
  };
}

const fmt = (v: unknown) => (v === null || v === undefined ? '-' : String(v));

export function table(rows: Row[]): string {
  const head = ['metric', 'backend', 'scope', 'batch', 'value', 'unit', 'reference', 'ratio', 'target', 'pass'];
  const body = rows.map((r) => [fmt(r.metric), fmt(r.backend), fmt(r.scope), fmt(r.batch), r.error ? 'ERROR' : fmt(r.value), fmt(r.unit), fmt(r.reference), fmt(r.ratio), fmt(r.target), r.pass === undefined || r.pass === null ? '' : r.pass ? 'yes' : 'NO']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const notes = rows.filter((r) => r.error || r.note).map((r) => `  ${rowKey(r)}: ${r.error ? `ERROR ${r.error}` : r.note}${typeof r.gpu_source === 'string' ? ` (measured on ${r.gpu_source})` : ''}`);
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line), ...(notes.length ? ['', 'notes:', ...notes] : [])].join('\n');
}

/** One `key value [ratio]` line per row, sorted: what changed between two runs, with `diff`. */
export function diffable(rows: Row[]): string {
  return rows
    .map((r) => `${rowKey(r)} ${r.error ? 'error' : fmt(r.value)}${r.ratio !== null ? ` ratio=${r.ratio}` : ''}${r.pass === false ? ' FAIL' : ''}`)
    .sort()
    .join('\n') + '\n';
}

export function readJson<T>(path: string): T | null {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

export function writeSummary(dir: string, rawRows: Row[], chromium: string | null, mode: string): Row[] {
  const torch = readJson<TorchResult>(join(dir, 'torch.json'));
  const rows = annotate(rawRows, torch);
  writeFileSync(join(dir, 'summary.json'), JSON.stringify({ mode, machine: machineInfo(chromium, torch), reference: torch ? { ...torch, rows: undefined } : null, rows }, null, 2) + '\n');
  writeFileSync(join(dir, 'summary.txt'), diffable(rows));
  return rows;
}
