// Rows of the inspection table: the latest per-sample values of a run, joined with the dataset, sorted.
import type { DatasetSample } from '../../protocol/messages';
import type { LatestTable } from '../../store/sample-buffers';

export type SortKey = 'w' | 'ce' | 'kl' | 'pt' | 'ps' | 'disagree';

export interface SampleRow {
  sample: DatasetSample;
  w: number;
  ce: number;
  kl: number;
  /** Zero-shot p(y). */
  pt: number;
  /** Fine-tuned p(y). */
  ps: number;
  /** p_t(y) - p_s(y): positive where the prompt is surer of the label than the fine-tuned model. */
  disagree: number;
}

export function sampleRows(latest: LatestTable | undefined, samples: DatasetSample[], key: SortKey, descending: boolean, classFilter = -1): SampleRow[] {
  if (!latest) return [];
  const rows: SampleRow[] = [];
  for (const s of samples) {
    if (classFilter >= 0 && s.label !== classFilter) continue;
    if (!latest.has(s.id)) continue;
    const i = s.id;
    rows.push({ sample: s, w: latest.w[i], ce: latest.ce[i], kl: latest.kl[i], pt: latest.pt[i], ps: latest.ps[i], disagree: latest.pt[i] - latest.ps[i] });
  }
  const sign = descending ? -1 : 1;
  rows.sort((a, b) => sign * (a[key] - b[key]) || a.sample.id - b.sample.id);
  return rows;
}

/**
 * `rows` in the order of `order` (sample ids, as a sort left them); rows it does not list (samples first seen
 * since) follow in `rows`' own order. Lets the table keep its rows still while values change under them.
 */
export function inOrder(rows: SampleRow[], order: readonly number[] | null): SampleRow[] {
  if (!order) return rows;
  const byId = new Map(rows.map((r) => [r.sample.id, r]));
  const out: SampleRow[] = [];
  for (const id of order) {
    const r = byId.get(id);
    if (!r) continue;
    out.push(r);
    byId.delete(id);
  }
  for (const r of rows) if (byId.has(r.sample.id)) out.push(r);
  return out;
}
