// Files a finished run leaves the browser as: its metrics as CSV, its model as one zip in the Hugging Face
// layout (a folder that `CLIPModel.from_pretrained` and open_clip's HF loader read).
import { zipSync, type Zippable } from 'fflate';
import type { ExportedFile } from '../protocol/messages';
import { SPLITS, type EvalResult } from '../protocol/train-types';
import type { StepTable } from './metrics-store';

/** A label as a file name: "#1 proreg · full" -> "1-proreg-full". */
export function safeName(label: string): string {
  return label.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'run';
}

/** One zip, `<label>-model.zip`, holding the files under the folder `<label>-model/`. */
export function modelZip(label: string, files: ExportedFile[]): { name: string; bytes: Uint8Array } {
  const folder = `${safeName(label)}-model`;
  const entries: Zippable = {};
  // The weights are float noise to a compressor: store them (fast), deflate the small text files.
  for (const f of files) entries[f.name] = [new Uint8Array(f.bytes), { level: f.name.endsWith('.safetensors') ? 0 : 6 }];
  return { name: `${folder}.zip`, bytes: zipSync({ [folder]: entries }) };
}

/** A run exported as a PyTorch project: `<label>-pytorch.zip` holding the project folder `<label>-pytorch/`. */
export function projectZip(label: string, files: ExportedFile[]): { name: string; bytes: Uint8Array } {
  const folder = `${safeName(label)}-pytorch`;
  const entries: Zippable = {};
  for (const f of files) {
    // Image paths keep their folders inside the project (data/<split>/<class>/...).
    const parts = f.name.split('/');
    let dir = entries;
    for (const p of parts.slice(0, -1)) dir = (dir[p] ??= {}) as Zippable;
    dir[parts[parts.length - 1]] = [new Uint8Array(f.bytes), { level: /\.(png|jpe?g|webp|gif)$/i.test(f.name) ? 0 : 6 }];
  }
  return { name: `${folder}.zip`, bytes: zipSync({ [folder]: entries }) };
}

const cell = (v: number | string | undefined): string => {
  if (v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '';
  const t = String(v);
  return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
};

/**
 * A run's metrics as one rectangular CSV. The header names every column; `row` says which columns a row
 * fills: 'step' rows the per-step scalars (step, epoch, loss, mean_<part> for each loss part, lr_encoder,
 * lr_head), 'eval' rows (and the 'final' one) the accuracy per split and, with groups, the worst group's.
 */
export function metricsCsv(table: StepTable | null, evals: EvalResult[], finalStep: number | null = null): string {
  const parts = table ? Object.keys(table.means) : [];
  const splits = SPLITS.filter((sp) => evals.some((e) => e.splits.some((s) => s.split === sp)));
  const grouped = splits.filter((sp) => evals.some((e) => e.splits.some((s) => s.split === sp && s.worstGroup)));
  const header = [
    'row', 'step', 'epoch', 'loss', ...parts.map((p) => `mean_${p}`), 'lr_encoder', 'lr_head',
    ...splits.map((sp) => `accuracy_${sp}`), ...grouped.map((sp) => `worst_group_accuracy_${sp}`),
  ];
  const blank = (n: number) => new Array<string>(n).fill('');
  const lines = [header.map(cell).join(',')];
  const n = table?.step.length ?? 0;
  for (let i = 0; i < n; i++) {
    const t = table!;
    lines.push([
      'step', t.step[i], t.epoch[i], t.loss[i], ...parts.map((p) => t.means[p][i]), t.lrEncoder[i], t.lrHead[i],
      ...blank(splits.length + grouped.length),
    ].map(cell).join(','));
  }
  evals.forEach((e, i) => {
    const at = (sp: string) => e.splits.find((s) => s.split === sp);
    const kind = finalStep !== null && i === evals.length - 1 && e.step === finalStep ? 'final' : 'eval';
    lines.push([
      kind, e.step, e.epoch, ...blank(1 + parts.length + 2),
      ...splits.map((sp) => at(sp)?.accuracy), ...grouped.map((sp) => at(sp)?.worstGroup?.accuracy),
    ].map(cell).join(','));
  });
  return `${lines.join('\n')}\n`;
}
